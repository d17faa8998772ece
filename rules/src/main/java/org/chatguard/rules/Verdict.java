package org.chatguard.rules;

import java.util.List;
import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.RuleMatch;
import org.chatguard.model.Tier;
import org.chatguard.rules.ml.ModelScores;

/**
 * What the engine concluded about one message.
 *
 * @param action          the strongest action of the matches ({@link Action#ALLOW} if none)
 * @param displayText     what the site shows: the text unchanged (ALLOW); the text with the spans of
 *                        MASK rules masked (MASK); {@link #BLOCKED} or {@link #INAPPROPRIATE} (BLOCK)
 * @param maskedText      staff evidence: the text as {@link StaffEvidence} masks it (personal information always,
 *                        profanity by default; the words of the concern readable), whatever the action
 * @param categories      distinct categories of the matches, in enum order
 * @param matches         sorted by start offset; offsets are UTF-16 indices into the original text
 * @param alertTier       the highest alert tier any match asks for, or {@code null}
 * @param alertCategory   category of the match that set {@code alertTier} (highest severity wins ties)
 * @param reasonCodes     human-readable reasons, one per matched rule; never contain message text
 * @param rulePackVersion version of the pack that produced the verdict; when more than one pack read the message
 *                        (a Spanish or mixed message: {@link org.chatguard.rules.lang.LanguageRouter}), their
 *                        versions joined by {@code +}, English first
 * @param language        the language(s) the message was read as: {@code en}, {@code es} or {@code en+es} (mixed);
 *                        {@code null} when no language routing ran (a single engine on its own)
 * @param modelScores     the model's probability per concern ({@link ModelScores#none} without a model); carries
 *                        the model version ({@link #modelVersion()})
 *
 * <p>Masking replaces every UTF-16 code unit of a span with {@code '*'}, so masked text has the same
 * length as the original and the match offsets are valid in it too (an emoji inside a span becomes
 * {@code **}). Spans always start and end on code point boundaries.
 */
public record Verdict(
        Action action,
        String displayText,
        String maskedText,
        List<Category> categories,
        List<RuleMatch> matches,
        Tier alertTier,
        Category alertCategory,
        List<String> reasonCodes,
        String rulePackVersion,
        ModelScores modelScores,
        String language) {

    /** Placeholder for blocked swearing, insults, hate and violence. */
    public static final String BLOCKED = "*blocked*";
    /** Placeholder for blocked sexual, grooming, personal-information and other site-rule breaches. */
    public static final String INAPPROPRIATE = "*inappropriate*";

    /** Reason code of a message the engine failed on. */
    public static final String ENGINE_ERROR = "engine-error";

    /**
     * What a message gets when moderation itself failed: a child-safety filter fails closed. HOLD (the site
     * shows nothing until staff look), a MODERATOR alert with reason {@link #ENGINE_ERROR} and no category,
     * and no text anywhere in it (the placeholder stands in for display and evidence).
     */
    public static Verdict engineError(String rulePackVersion) {
        return engineError(rulePackVersion, null);
    }

    /** As {@link #engineError(String)}, naming the model version of the engine that failed. */
    public static Verdict engineError(String rulePackVersion, String modelVersion) {
        return new Verdict(Action.HOLD, BLOCKED, BLOCKED, List.of(), List.of(), Tier.MODERATOR, null,
                List.of(ENGINE_ERROR), rulePackVersion, ModelScores.none(modelVersion), null);
    }

    /** A verdict of an engine without a model. */
    public Verdict(Action action, String displayText, String maskedText, List<Category> categories, List<RuleMatch> matches,
                   Tier alertTier, Category alertCategory, List<String> reasonCodes, String rulePackVersion) {
        this(action, displayText, maskedText, categories, matches, alertTier, alertCategory, reasonCodes, rulePackVersion,
                ModelScores.none(null), null);
    }

    /** Version of the model that scored the message, or {@code null} when the engine had none. */
    public String modelVersion() {
        return modelScores.modelVersion();
    }

    /** Whether this is {@link #engineError}'s verdict: a reason with no rule behind it. */
    public boolean isEngineError() {
        return matches.isEmpty() && reasonCodes.contains(ENGINE_ERROR);
    }

    /** A verdict of one engine with a model, before any language routing. */
    public Verdict(Action action, String displayText, String maskedText, List<Category> categories, List<RuleMatch> matches,
                   Tier alertTier, Category alertCategory, List<String> reasonCodes, String rulePackVersion,
                   ModelScores modelScores) {
        this(action, displayText, maskedText, categories, matches, alertTier, alertCategory, reasonCodes, rulePackVersion,
                modelScores, null);
    }

    /** A verdict of one engine without a model, read in {@code language}. */
    public Verdict(Action action, String displayText, String maskedText, List<Category> categories, List<RuleMatch> matches,
                   Tier alertTier, Category alertCategory, List<String> reasonCodes, String rulePackVersion, String language) {
        this(action, displayText, maskedText, categories, matches, alertTier, alertCategory, reasonCodes, rulePackVersion,
                ModelScores.none(null), language);
    }

    /** This verdict as read in {@code lang} ({@link #language()}). */
    public Verdict withLanguage(String lang) {
        return new Verdict(action, displayText, maskedText, categories, matches, alertTier, alertCategory, reasonCodes,
                rulePackVersion, modelScores, lang);
    }

    public Verdict {
        categories = List.copyOf(categories);
        matches = List.copyOf(matches);
        reasonCodes = List.copyOf(reasonCodes);
        if (modelScores == null) {
            modelScores = ModelScores.none(null);
        }
    }

    /** Whether ChatGuard reacted at all: a stronger action than ALLOW, an alert, or any (flag) match. */
    public boolean flagged() {
        return action != Action.ALLOW || alertTier != null || !matches.isEmpty();
    }
}
