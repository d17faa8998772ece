package org.chatguard.rules.risk;

import org.chatguard.model.Category;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.RuleMatch;
import org.chatguard.model.StaffAction;
import org.chatguard.rules.Verdict;

/**
 * Per-user risk: blocks from staff, distress building across conversations, and trust ({@link Trust}): staff-confirmed
 * violations and new accounts. Pure; no I/O.
 */
public final class UserScorer {

    private UserScorer() {
    }

    /**
     * Result of one message: the signal for the conversation stage, whether the user state changed, and the verdict
     * after the sender's trust ({@link Trust#apply}: the message's own verdict when trust changes nothing).
     */
    public record Result(UserSignal signal, boolean changed, Verdict verdict) {
    }

    /** With {@link TrustConfig#defaults()}. */
    public static Result onMessage(UserRisk u, ChatMessage m, Verdict v, RiskConfig cfg) {
        return onMessage(u, m, v, cfg, TrustConfig.defaults());
    }

    public static Result onMessage(UserRisk u, ChatMessage m, Verdict v, RiskConfig cfg, TrustConfig trust) {
        long t = ConversationScorer.eventMillis(m);
        int severity = 0;
        for (RuleMatch rm : v.matches()) {
            if (rm.category() == Category.SELF_HARM) {
                severity = Math.max(severity, rm.severity());
            }
        }
        boolean changed = false;
        if (severity > 0) {
            double before = u.distressAt(t, cfg);
            if (before < 0.01) {
                u.distressSignals = 0;
            }
            if (t >= u.distressAtMillis) {
                u.distress = before + severity;
                u.distressAtMillis = t;
            } else {
                // a late message: its contribution has faded by as much as it is older
                u.distress += severity * RiskConfig.decay(u.distressAtMillis - t, cfg.distressHalfLife());
            }
            u.distressSignals++;
            changed = true;
        }
        // trust is judged on what the user had done before this message
        boolean newAccount = u.newAccount(trust);
        boolean lowTrust = u.lowTrust(t, trust);
        Verdict out = Trust.apply(v, newAccount, lowTrust);
        if (newAccount) {
            u.messagesSeen++;
            u.seenAtMillis = Math.max(u.seenAtMillis, t);
            changed = true;
        } else if (trust.newAccountMessages() > 0 && t - u.seenAtMillis > KEEP_ALIVE_MILLIS) {
            // an established user's state is written at most daily, so its TTL never makes them new again
            u.seenAtMillis = t;
            changed = true;
        }
        return new Result(new UserSignal(u.blocked, u.distressAt(Math.max(t, u.distressAtMillis), cfg), u.distressSignals,
                lowTrust ? trust.lowTrustFactor() : 1.0), changed, out);
    }

    private static final long KEEP_ALIVE_MILLIS = 24L * 3600 * 1000;

    /** Applies a user-level staff action; returns whether the state changed. Other action types are ignored. */
    public static boolean apply(UserRisk u, StaffAction a) {
        switch (a.type()) {
            case BLOCK_USER -> {
                u.blocked = true;
                u.blockedAtMillis = a.at() == null ? 0 : a.at().toEpochMilli();
                u.blockActionId = a.actionId();
                confirm(u, a);
                return true;
            }
            case RESOLVE_ALERT, DENY_HELD -> {
                if (!confirmsViolation(a)) {
                    return false;
                }
                confirm(u, a);
                return true;
            }
            case UNBLOCK_USER -> {
                boolean was = u.blocked;
                u.blocked = false;
                u.blockActionId = null;
                u.blockedAtMillis = 0;
                return was;
            }
            default -> {
                return false;
            }
        }
    }

    private static void confirm(UserRisk u, StaffAction a) {
        u.confirmed++;
        u.confirmedAtMillis = Math.max(u.confirmedAtMillis, a.at() == null ? 0 : a.at().toEpochMilli());
    }

    /**
     * Whether a conversation or alert action also confirms a violation by a user: a resolved alert or a denied held
     * message that names the user who broke the rules ({@code userId}). It goes to the user stage as well.
     */
    public static boolean confirmsViolation(StaffAction a) {
        return (a.type() == StaffAction.Type.RESOLVE_ALERT || a.type() == StaffAction.Type.DENY_HELD)
                && a.userId() != null && !a.userId().isBlank();
    }

    /** Whether a staff action is about a user (keyed by {@code userId}) rather than a conversation. */
    public static boolean isUserAction(StaffAction a) {
        return a.type() == StaffAction.Type.BLOCK_USER || a.type() == StaffAction.Type.UNBLOCK_USER;
    }
}
