package org.chatguard.rules.eval;

import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

import org.chatguard.model.ChatMessage;
import org.chatguard.model.RuleMatch;
import org.chatguard.model.ShadowDiff;
import org.chatguard.rules.Verdict;

/**
 * Where a candidate pack's verdict on a message differs from the live pack's: a different action, different
 * categories, a different alert tier or a different set of matched rules. Pure; the job's shadow run and any
 * offline comparison use it.
 */
public final class ShadowDiffs {

    private ShadowDiffs() {
    }

    /** The rule ids that matched, sorted and distinct. */
    public static List<String> rules(Verdict v) {
        if (v.matches().isEmpty()) {
            return List.of();
        }
        TreeSet<String> ids = new TreeSet<>();
        for (RuleMatch m : v.matches()) {
            ids.add(m.ruleId());
        }
        return List.copyOf(ids);
    }

    /** The difference, or {@code null} when the candidate would have decided the same. */
    public static ShadowDiff diff(ChatMessage m, Verdict live, Verdict candidate, Instant now) {
        List<String> lr = rules(live);
        List<String> cr = rules(candidate);
        if (live.action() == candidate.action() && live.alertTier() == candidate.alertTier()
                && live.categories().equals(candidate.categories()) && lr.equals(cr)) {
            return null;
        }
        return new ShadowDiff(m.id(), m.kind(), m.conversationId(), m.senderId(), m.sentAt(),
                live.rulePackVersion(), live.action(), live.categories(), lr,
                candidate.rulePackVersion(), candidate.action(), candidate.categories(), cr, now);
    }
}
