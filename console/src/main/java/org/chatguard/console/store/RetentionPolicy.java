package org.chatguard.console.store;

import java.time.Duration;

import org.chatguard.connectors.Topics;

/**
 * How long the console keeps what. Defaults follow the policies: safeguarding records (alerts, their
 * history and staff notes) six years from the last activity; chat records (evidence excerpts, held
 * messages, the conversation context kept around alerts) one year from when the message was sent. The audit log is not personal content (ids only)
 * and is never deleted by the console.
 */
public record RetentionPolicy(Duration safeguardingRecords, Duration chatRecords) {

    public static RetentionPolicy defaults() {
        return new RetentionPolicy(Topics.SAFEGUARDING_RETENTION, Topics.CHAT_RETENTION);
    }

    /** What one retention run deleted: counts only, never contents. */
    public record Result(int alertsDeleted, int notesDeleted, int evidenceDeleted, int heldDeleted, int contextDeleted) {

        public Result(int alertsDeleted, int notesDeleted, int evidenceDeleted, int heldDeleted) {
            this(alertsDeleted, notesDeleted, evidenceDeleted, heldDeleted, 0);
        }

        @Override
        public String toString() {
            return "alerts=" + alertsDeleted + " notes=" + notesDeleted + " evidence=" + evidenceDeleted + " held=" + heldDeleted
                    + " context=" + contextDeleted;
        }
    }
}
