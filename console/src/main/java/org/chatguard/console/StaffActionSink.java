package org.chatguard.console;

import org.chatguard.model.Decision;
import org.chatguard.model.StaffAction;

/** Where the console's actions go: the {@code staff-actions} topic, and {@code decisions} for released held messages. */
public interface StaffActionSink {

    /** Publishes and waits for the broker's acknowledgement; throws if it was not written. */
    void publish(StaffAction action);

    /** Publishes the follow-up decision that releases a held message to the site. */
    void publishDecision(Decision decision);
}
