package org.chatguard.console.store;

import java.time.Instant;

import org.chatguard.console.Role;
import org.chatguard.model.Category;

/**
 * A conversation mute this console published to {@code staff-actions}: who, with which role, for which
 * category, until when. The console shows it from this record (the job keeps its own state); it has
 * no effect after {@code until}, when the job stops applying it too.
 */
public record Mute(String conversationId, Category category, String staffId, Role staffRole, String alertId,
        String actionId, Instant at, Instant until) {

    public boolean activeAt(Instant now) {
        return until.isAfter(now);
    }
}
