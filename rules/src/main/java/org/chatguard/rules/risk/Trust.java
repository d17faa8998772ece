package org.chatguard.rules.risk;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.RuleMatch;
import org.chatguard.rules.Verdict;

/**
 * What a sender's history does to a message's verdict (the thresholds part is {@link UserSignal#thresholdFactor()}):
 *
 * <ul>
 *   <li>a <b>new account</b> (its first {@link TrustConfig#newAccountMessages()} messages) is held to stricter
 *       personal-information and off-platform rules: a message with personal information (a phone number, an
 *       address, a school) or moving the chat to another app is held for staff instead of shown (or shown masked);</li>
 *   <li>a <b>low-trust</b> sender (a staff-confirmed violation within {@link TrustConfig#confirmedTtl()}) gets
 *       blocked where others get masked, for insults, hate, sexual content and violence.</li>
 * </ul>
 * Child-safety voices are untouched: self-harm and abuse disclosure are never held or blocked for who sent them.
 * Pure.
 */
public final class Trust {

    public static final String REASON_PREFIX = "trust: ";
    public static final String NEW_ACCOUNT = REASON_PREFIX + "new account: personal information and off-platform contact held for staff";
    public static final String LOW_TRUST = REASON_PREFIX + "staff-confirmed violations: blocked instead of masked";

    /** Moving the chat to another app or number: what new accounts are held for beside personal information. */
    static final String OFF_PLATFORM = GroomingStage.OFF_PLATFORM.code();
    static final Set<Category> BLOCK_WHEN_LOW_TRUST = Set.of(Category.INSULT, Category.HATE, Category.SEXUAL, Category.VIOLENCE);

    private Trust() {
    }

    public static Verdict apply(Verdict v, boolean newAccount, boolean lowTrust) {
        if ((!newAccount && !lowTrust) || v.matches().isEmpty() || v.isEngineError()) {
            return v;
        }
        boolean hold = false;
        boolean block = false;
        Category blocker = null;
        for (RuleMatch m : v.matches()) {
            if (newAccount && (m.category() == Category.PERSONAL_INFO || OFF_PLATFORM.equals(m.stage()))) {
                hold = true;
            }
            if (lowTrust && m.action() == Action.MASK && BLOCK_WHEN_LOW_TRUST.contains(m.category())) {
                block = true;
                blocker = m.category();
            }
        }
        if (v.categories().contains(Category.SELF_HARM) || v.categories().contains(Category.ABUSE_DISCLOSURE)) {
            return v;
        }
        List<String> reasons = new ArrayList<>(v.reasonCodes());
        if (block && v.action() != Action.BLOCK) {
            reasons.add(LOW_TRUST);
            String display = blocker == Category.SEXUAL ? Verdict.INAPPROPRIATE : Verdict.BLOCKED;
            return new Verdict(Action.BLOCK, display, v.maskedText(), v.categories(), v.matches(), v.alertTier(),
                    v.alertCategory(), reasons, v.rulePackVersion(), v.modelScores(), v.language());
        }
        if (hold && v.action().ordinal() < Action.HOLD.ordinal()) {
            reasons.add(NEW_ACCOUNT);
            // HOLD shows what the site would show on release: the display text as it was
            return new Verdict(Action.HOLD, v.displayText(), v.maskedText(), v.categories(), v.matches(), v.alertTier(),
                    v.alertCategory(), reasons, v.rulePackVersion(), v.modelScores(), v.language());
        }
        return v;
    }
}
