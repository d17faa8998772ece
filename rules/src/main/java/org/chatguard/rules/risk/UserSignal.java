package org.chatguard.rules.risk;

import java.io.Serializable;

/**
 * What the per-user stage tells the per-conversation stage about a message's sender.
 *
 * @param distress        the sender's decayed distress score across all their conversations
 * @param distressSignals how many distress messages fed that score since it last faded out
 * @param thresholdFactor multiplier of the conversation-risk block and alert thresholds for this sender's
 *                        messages: 1 normally, {@link TrustConfig#lowTrustFactor()} after a staff-confirmed violation
 */
public record UserSignal(boolean blocked, double distress, int distressSignals, double thresholdFactor) implements Serializable {

    public static final UserSignal NONE = new UserSignal(false, 0, 0, 1.0);

    /** A signal with normal trust. */
    public UserSignal(boolean blocked, double distress, int distressSignals) {
        this(blocked, distress, distressSignals, 1.0);
    }
}
