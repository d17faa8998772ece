package org.chatguard.rules.risk;

import java.io.Serializable;

/**
 * What the per-user stage tells the per-conversation stage about a message's sender.
 *
 * @param distress        the sender's decayed distress score across all their conversations
 * @param distressSignals how many distress messages fed that score since it last faded out
 */
public record UserSignal(boolean blocked, double distress, int distressSignals) implements Serializable {

    public static final UserSignal NONE = new UserSignal(false, 0, 0);
}
