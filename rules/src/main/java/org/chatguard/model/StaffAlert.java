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
 * @param ackDueAt       when the alert must be acknowledged by its tier (event time, counted in staffed hours), or
 *                       it is escalated one tier with reason {@code unacknowledged}; {@code null}: no clock (an engine
 *                       error, an alert from before clocks, the stateless decider)
 * @param outsideStaffedHours whether the concern was raised outside the site's staffed hours
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
        String modelVersion,
        Instant ackDueAt,
        boolean outsideStaffedHours) {

    /** An alert without a model version and without an acknowledgement clock. */
    public StaffAlert(String alertId, int sequence, Tier tier, Category category, String conversationId,
                      List<String> subjectUserIds, List<String> reasonCodes, List<Evidence> evidence, String rulePackVersion,
                      Instant createdAt, Instant updatedAt) {
        this(alertId, sequence, tier, category, conversationId, subjectUserIds, reasonCodes, evidence, rulePackVersion,
                createdAt, updatedAt, null, null, false);
    }

    /** An alert without an acknowledgement clock. */
    public StaffAlert(String alertId, int sequence, Tier tier, Category category, String conversationId,
                      List<String> subjectUserIds, List<String> reasonCodes, List<Evidence> evidence, String rulePackVersion,
                      Instant createdAt, Instant updatedAt, String modelVersion) {
        this(alertId, sequence, tier, category, conversationId, subjectUserIds, reasonCodes, evidence, rulePackVersion,
                createdAt, updatedAt, modelVersion, null, false);
    }

    /** An alert without a model version. */
    public StaffAlert(String alertId, int sequence, Tier tier, Category category, String conversationId,
                      List<String> subjectUserIds, List<String> reasonCodes, List<Evidence> evidence, String rulePackVersion,
                      Instant createdAt, Instant updatedAt, Instant ackDueAt, boolean outsideStaffedHours) {
        this(alertId, sequence, tier, category, conversationId, subjectUserIds, reasonCodes, evidence, rulePackVersion,
                createdAt, updatedAt, null, ackDueAt, outsideStaffedHours);
    }

    public StaffAlert withClock(Instant dueAt, boolean outsideHours) {
        return new StaffAlert(alertId, sequence, tier, category, conversationId, subjectUserIds, reasonCodes, evidence,
                rulePackVersion, createdAt, updatedAt, modelVersion, dueAt, outsideHours);
    }

    public StaffAlert {
        subjectUserIds = List.copyOf(subjectUserIds);
        reasonCodes = List.copyOf(reasonCodes);
        evidence = List.copyOf(evidence);
    }
}
