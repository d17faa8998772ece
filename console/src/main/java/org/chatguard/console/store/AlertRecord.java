package org.chatguard.console.store;

import java.time.Instant;
import java.util.List;

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
 */
public record AlertRecord(StaffAlert alert, Tier tier, AlertStatus status, List<HistoryEntry> history,
        Instant firstSeen, Instant lastActivity, boolean evidencePurged) {

    public AlertRecord {
        history = List.copyOf(history);
    }

    /** One line of an alert's history. */
    public record HistoryEntry(Instant at, String event, int sequence, String staffId) {
    }
}
