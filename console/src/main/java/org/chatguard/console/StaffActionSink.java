package org.chatguard.console;

import java.time.Instant;

import org.chatguard.model.Decision;
import org.chatguard.model.StaffAction;
import org.chatguard.model.Tier;

/** Where the console's actions go: the {@code staff-actions} topic, and {@code decisions} for released held messages. */
public interface StaffActionSink {

    /**
     * Publishes and waits for the broker's acknowledgement; throws if it was not written.
     *
     * @param staffRole the care tier of the member of staff who acted (JSON field {@code staffRole}); never
     *                  null: ADMIN is not a care tier and has no staff actions
     * @param until     when a {@code MUTE_CONVERSATION} ends (JSON field {@code until}); null for other types
     */
    void publish(StaffAction action, Tier staffRole, Instant until);

    /** Publishes the follow-up decision that releases a held message to the site. */
    void publishDecision(Decision decision);
}
