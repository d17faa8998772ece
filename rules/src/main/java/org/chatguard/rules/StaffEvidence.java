package org.chatguard.rules;

import java.util.List;

import org.chatguard.model.Category;
import org.chatguard.model.RuleMatch;

/**
 * What staff read of a flagged message: the one place evidence is masked, for every alert of every tier
 * (the job, {@code classify} and the console all show this text and nothing else unless the Safeguarding
 * Team asks for the original, with a reason, audited).
 *
 * <p>The words that raised the concern stay readable: the tier that owns an alert must be able to judge a
 * child's "i want to kill myself", a disclosure, a grooming request or an insult, and a mask over exactly
 * those words made every alert unreadable. Masked are only what staff do not need to see to act:
 * <ul>
 *   <li>personal information (phone numbers, e-mail and street addresses, postcodes, school names,
 *       social-media handles: the data itself, as the {@code personal_info} rules mark it), always, whatever
 *       else the span is part of; staff act on the fact that it was shared, not on the number;</li>
 *   <li>profanity, by default (the pack's {@code settings.evidence-profanity: shown} turns this off), except
 *       where a swear word is itself part of a span of another concern (an insult, a threat), which stays
 *       readable.</li>
 * </ul>
 * Masking replaces every UTF-16 code unit with {@code '*'}, so offsets stay valid in the masked text.
 */
public final class StaffEvidence {

    private StaffEvidence() {
    }

    /** The evidence text of {@code text} given its matches (any order). */
    public static String mask(String text, List<RuleMatch> matches, boolean showProfanity) {
        if (matches.isEmpty()) {
            return text;
        }
        int n = text.length();
        // per code unit: 1 = inside profanity, 2 = inside another readable concern, 4 = personal information
        byte[] cover = new byte[n];
        for (RuleMatch m : matches) {
            byte bit = m.category() == Category.PERSONAL_INFO ? (byte) 4
                    : m.category() == Category.PROFANITY ? (byte) 1 : (byte) 2;
            for (int i = Math.max(0, m.start()); i < Math.min(m.end(), n); i++) {
                cover[i] |= bit;
            }
        }
        char[] out = null;
        for (int i = 0; i < n; i++) {
            boolean hide = (cover[i] & 4) != 0 || (!showProfanity && cover[i] == 1);
            if (hide) {
                if (out == null) {
                    out = text.toCharArray();
                }
                out[i] = '*';
            }
        }
        return out == null ? text : new String(out);
    }
}
