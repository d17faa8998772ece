package org.chatguard.console.store;

import java.time.Instant;

import org.chatguard.console.Role;

/** A staff note on an alert. Visible to the author's role and above (see AccessPolicy); kept six years. */
public record Note(String noteId, String alertId, String authorId, Role authorRole, String text, Instant at) {
}
