package org.chatguard.console.store;

import java.time.Instant;
import java.util.List;

import org.chatguard.console.Role;

import org.chatguard.model.StaffAlert;
import org.chatguard.model.Tier;

/**
 * An alert as the console keeps it: the latest version (highest sequence) from the pipeline, the
 * effective tier (raised by staff escalation), the workflow status and the update history.
 *
 * @param tier            effective tier: the higher of the pipeline's tier and any staff escalation
 * @param history         every sequence received and every staff action, oldest first; ids and codes only
 * @param evidencePurged  masked excerpts removed by retention (chat records are kept one year)
 * @param lastActivity    last pipeline update or staff action: safeguarding retention counts from here
 * @param claimedBy       who said "I am handling this" (a claim also acknowledges), or null; cleared when the
 *                        alert moves to a higher tier, whose staff must pick it up again
 */
public record AlertRecord(StaffAlert alert, Tier tier, AlertStatus status, List<HistoryEntry> history,
        Instant firstSeen, Instant lastActivity, boolean evidencePurged, String claimedBy, Role claimedByRole,
        Instant claimedAt) {

    public AlertRecord {
        history = List.copyOf(history);
    }

    public AlertRecord(StaffAlert alert, Tier tier, AlertStatus status, List<HistoryEntry> history, Instant firstSeen,
            Instant lastActivity, boolean evidencePurged) {
        this(alert, tier, status, history, firstSeen, lastActivity, evidencePurged, null, null, null);
    }

    /**
     * Past its acknowledgement deadline ({@link StaffAlert#ackDueAt()}, set by the job per tier) and nobody has
     * acknowledged or claimed it yet.
     */
    public boolean overdueAt(Instant now) {
        return status == AlertStatus.OPEN && alert.ackDueAt() != null && now.isAfter(alert.ackDueAt());
    }

    /**
     * The people staff may act on from this alert: its subjects, then the senders of its evidence who are not
     * subjects. A pile-on's subject is the child piled on; the senders are in the evidence only.
     */
    public List<String> people() {
        java.util.LinkedHashSet<String> p = new java.util.LinkedHashSet<>(alert.subjectUserIds());
        senders().forEach(p::add);
        return List.copyOf(p);
    }

    /** The distinct senders of the evidence, in evidence order. */
    public List<String> senders() {
        return alert.evidence().stream().map(org.chatguard.model.Evidence::senderId).filter(java.util.Objects::nonNull)
                .distinct().toList();
    }

    /** One line of an alert's history. */
    public record HistoryEntry(Instant at, String event, int sequence, String staffId) {
    }
}
