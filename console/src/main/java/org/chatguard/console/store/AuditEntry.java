package org.chatguard.console.store;

import java.time.Instant;

/**
 * One line of the append-only audit log: who did or looked at what, when, why, and whether it was allowed.
 * Ids and codes only, never message text or note text. Entries are hash-chained: {@code hash} is
 * SHA-256 over the previous entry's hash and this entry's fields, so a changed or removed line is detected.
 */
public record AuditEntry(long seq, Instant at, String user, String role, String action, String target,
        String reason, String outcome, String prevHash, String hash) {
}
