package org.chatguard.model;

import java.time.Instant;

/**
 * Something a member of staff did, flowing back into the job on the {@code staff-actions} topic.
 * Which ids must be set depends on the type: {@code userId} for user actions, {@code conversationId}
 * for conversation actions, {@code alertId} (and the alert's {@code conversationId} and
 * {@code category}) for alert actions.
 *
 * @param actionId unique id of this action (consumers dedupe by it)
 * @param staffId  pseudonymous id of the member of staff, for the audit trail
 * @param note     optional free text from staff; never copied into alerts or logs
 * @param messageId the held message, for {@code RELEASE_HELD} / {@code DENY_HELD}; {@code null} otherwise
 * @param staffRole the acting staff member's role as the console knows it ({@code null}: unknown, treated as
 *                  {@link Tier#MODERATOR}, the least trusted). The job cannot check it: only the console may
 *                  write to {@code staff-actions} (Kafka ACLs, see the README)
 * @param until     for {@code MUTE_CONVERSATION}: when the mute ends ({@code null}: {@code at} plus the
 *                  configured default mute duration); ignored otherwise
 */
public record StaffAction(
        String actionId,
        Type type,
        String userId,
        String conversationId,
        String alertId,
        Category category,
        String staffId,
        String note,
        Instant at,
        String messageId,
        Tier staffRole,
        Instant until) {

    /** An action without a role or mute end (older records, tests): the role counts as {@link Tier#MODERATOR}. */
    public StaffAction(String actionId, Type type, String userId, String conversationId, String alertId,
            Category category, String staffId, String note, Instant at, String messageId) {
        this(actionId, type, userId, conversationId, alertId, category, staffId, note, at, messageId, null, null);
    }

    /** An action that concerns no held message (every type but RELEASE_HELD / DENY_HELD). */
    public StaffAction(String actionId, Type type, String userId, String conversationId, String alertId,
            Category category, String staffId, String note, Instant at) {
        this(actionId, type, userId, conversationId, alertId, category, staffId, note, at, null, null, null);
    }

    /** The role the job acts on: an absent role is the least trusted one. */
    public Tier role() {
        return staffRole == null ? Tier.MODERATOR : staffRole;
    }

    public enum Type {
        /** Every later message from the user is blocked, in every conversation and content kind. */
        BLOCK_USER,
        UNBLOCK_USER,
        /** Staff have seen the alert; it stays open. */
        ACKNOWLEDGE_ALERT,
        /** Move the alert to the next tier up. */
        ESCALATE_ALERT,
        /** The concern is dealt with: its alert state resets, new evidence opens a new alert. */
        RESOLVE_ALERT,
        /**
         * The alert was a false alarm: its alert state resets and the evidence behind it is forgotten. Refused
         * for an alert of a higher tier than the actor's role.
         */
        DISMISS_ALERT,
        /**
         * No new MODERATOR-tier alerts in the named category ({@code category}; none named: every site-rule
         * category) until {@code until} or an unmute; decisions continue as normal. Child-safety concerns
         * (self-harm, abuse disclosure, grooming) and every COUNSELLOR or SAFEGUARDING concern still alert.
         */
        MUTE_CONVERSATION,
        UNMUTE_CONVERSATION,
        /** A message the pipeline held (action HOLD) is released to the site; {@code messageId} names it. */
        RELEASE_HELD,
        /** A held message stays hidden for good; {@code messageId} names it. */
        DENY_HELD
    }
}
