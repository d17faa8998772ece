package org.chatguard.console;

import java.util.ArrayList;
import java.util.List;

import org.chatguard.model.StaffAction;
import org.chatguard.model.Tier;

/**
 * Who may see and do what: the single place the web pages and the JSON API ask. Least privilege:
 * <ul>
 *   <li>MODERATOR: the MODERATOR queue and the held-messages queue; evidence as {@code StaffEvidence} masks it;
 *       the context of public conversations only.</li>
 *   <li>COUNSELLOR: the COUNSELLOR queue and counsellor notes (the dashboard "only counsellors can see").</li>
 *   <li>SAFEGUARDING: every queue (SAFEGUARDING first), every note, the held messages, and, only on
 *       explicit request with a reason, the original text of an alert's evidence (audited).</li>
 *   <li>ADMIN: the audit log and retention status; no alerts, notes, evidence or held messages.</li>
 * </ul>
 */
public final class AccessPolicy {

    private AccessPolicy() {
    }

    /** Queues a role may open, SAFEGUARDING first. */
    public static List<Tier> visibleTiers(Role role) {
        List<Tier> out = new ArrayList<>();
        for (Tier t : new Tier[] {Tier.SAFEGUARDING, Tier.COUNSELLOR, Tier.MODERATOR}) {
            if (canSeeTier(role, t)) {
                out.add(t);
            }
        }
        return out;
    }

    public static boolean canSeeTier(Role role, Tier tier) {
        return switch (role) {
            case SAFEGUARDING -> true;
            case COUNSELLOR -> tier == Tier.COUNSELLOR;
            case MODERATOR -> tier == Tier.MODERATOR;
            case ADMIN -> false;
        };
    }

    /** Notes are visible to their author's role and the roles above it: a moderator never sees a counsellor's note. */
    public static boolean canSeeNote(Role viewer, Role author) {
        if (viewer == Role.ADMIN) {
            return false;
        }
        if (viewer == Role.SAFEGUARDING) {
            return true;
        }
        return viewer == author;
    }

    /**
     * Alert actions (acknowledge, escalate, resolve, dismiss, block, mute) on an alert the role can see;
     * mute and dismiss only on alerts at or below the role's own tier. ADMIN is not a care tier and
     * acts on no alert, so every staff action carries a care tier as its {@code staffRole}.
     */
    public static boolean canAct(Role role, Tier alertTier, StaffAction.Type type) {
        if (!canSeeTier(role, alertTier)) {
            return false;
        }
        return switch (type) {
            case ESCALATE_ALERT -> alertTier != Tier.SAFEGUARDING;
            case RELEASE_HELD, DENY_HELD -> false;
            // these silence a concern: never one above the actor's own tier (the job refuses them too)
            case MUTE_CONVERSATION, DISMISS_ALERT -> role.tier() != null && alertTier.compareTo(role.tier()) <= 0;
            default -> true;
        };
    }

    /**
     * The conversation around an alert's evidence: whoever can see the alert, except that a private conversation
     * is for COUNSELLOR and above only (never a moderator, never ADMIN).
     */
    public static boolean canSeeContext(Role role, Tier alertTier, boolean privateConversation) {
        if (!canSeeTier(role, alertTier)) {
            return false;
        }
        return !privateConversation || role == Role.COUNSELLOR || role == Role.SAFEGUARDING;
    }

    public static boolean canSeeHeld(Role role) {
        return role == Role.MODERATOR || role == Role.SAFEGUARDING;
    }

    /** Unmasked original text: the Safeguarding Team only, always with a reason, always audited. */
    public static boolean canViewOriginal(Role role, Tier alertTier) {
        return role == Role.SAFEGUARDING && alertTier != null;
    }

    public static boolean canSeeAudit(Role role) {
        return role == Role.ADMIN;
    }
}
