package org.chatguard.rules.risk;

import org.chatguard.model.Category;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.RuleMatch;
import org.chatguard.model.StaffAction;
import org.chatguard.rules.Verdict;

/** Per-user risk: blocks from staff and distress building across conversations. Pure; no I/O. */
public final class UserScorer {

    private UserScorer() {
    }

    /** Result of one message: the signal for the conversation stage and whether the user state changed. */
    public record Result(UserSignal signal, boolean changed) {
    }

    public static Result onMessage(UserRisk u, ChatMessage m, Verdict v, RiskConfig cfg) {
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
        return new Result(new UserSignal(u.blocked, u.distressAt(Math.max(t, u.distressAtMillis), cfg), u.distressSignals), changed);
    }

    /** Applies a user-level staff action; returns whether the state changed. Other action types are ignored. */
    public static boolean apply(UserRisk u, StaffAction a) {
        switch (a.type()) {
            case BLOCK_USER -> {
                u.blocked = true;
                u.blockedAtMillis = a.at() == null ? 0 : a.at().toEpochMilli();
                u.blockActionId = a.actionId();
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

    /** Whether a staff action is about a user (keyed by {@code userId}) rather than a conversation. */
    public static boolean isUserAction(StaffAction a) {
        return a.type() == StaffAction.Type.BLOCK_USER || a.type() == StaffAction.Type.UNBLOCK_USER;
    }
}
