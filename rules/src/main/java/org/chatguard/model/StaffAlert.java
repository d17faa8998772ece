package org.chatguard.model;

import java.time.Instant;
import java.util.List;

/**
 * An alert for the staff queue. One alert stands for one conversation and one concern: later evidence
 * re-publishes the same {@link #alertId()} with a higher {@link #sequence()} (and possibly a higher tier),
 * so consumers keep the record with the highest sequence.
 *
 * @param subjectUserIds pseudonymous ids of the users concerned (author first, then the people addressed)
 * @param reasonCodes    why, in codes a person can read (e.g. {@code self-harm:phrase}, {@code rule:sh.kill-myself})
 * @param evidence       the messages behind the alert, masked, bounded in number
 * @param modelVersion   version of the model whose scores contributed, or {@code null} (rules only, or an
 *                       alert rebuilt from conversation state)
 */
public record StaffAlert(
        String alertId,
        int sequence,
        Tier tier,
        Category category,
        String conversationId,
        List<String> subjectUserIds,
        List<String> reasonCodes,
        List<Evidence> evidence,
        String rulePackVersion,
        Instant createdAt,
        Instant updatedAt,
        String modelVersion) {

    /** An alert without a model version. */
    public StaffAlert(String alertId, int sequence, Tier tier, Category category, String conversationId,
                      List<String> subjectUserIds, List<String> reasonCodes, List<Evidence> evidence, String rulePackVersion,
                      Instant createdAt, Instant updatedAt) {
        this(alertId, sequence, tier, category, conversationId, subjectUserIds, reasonCodes, evidence, rulePackVersion,
                createdAt, updatedAt, null);
    }

    public StaffAlert {
        subjectUserIds = List.copyOf(subjectUserIds);
        reasonCodes = List.copyOf(reasonCodes);
        evidence = List.copyOf(evidence);
    }
}
