package org.chatguard.rules;

import java.util.List;

/**
 * A validated, compiled rule pack. Immutable and safe to share between threads; build one with
 * {@link RulePackLoader}. The compiled index is built once, when the pack is loaded, so a broken pack is
 * rejected before any engine sees it.
 */
public final class RulePack {

    /** Default cap on how much of a message pattern rules read. */
    public static final int DEFAULT_PATTERN_INPUT_LIMIT = 20_000;
    /** Default regex step budget per input character. */
    public static final int DEFAULT_PATTERN_BUDGET_PER_CHAR = 200;

    private final String version;
    private final String description;
    private final String source;
    private final List<Rule> rules;
    private final List<String> allow;
    private final List<Combo> combos;
    private final PackIndex index;
    private final boolean evidenceShowsProfanity;

    RulePack(String version, String description, String source, List<Rule> rules, List<String> allow, List<Combo> combos,
             int patternInputLimit, int patternBudgetPerChar) {
        this(version, description, source, rules, allow, combos, patternInputLimit, patternBudgetPerChar, false);
    }

    RulePack(String version, String description, String source, List<Rule> rules, List<String> allow, List<Combo> combos,
             int patternInputLimit, int patternBudgetPerChar, boolean evidenceShowsProfanity) {
        this.evidenceShowsProfanity = evidenceShowsProfanity;
        this.version = version;
        this.description = description;
        this.source = source;
        this.rules = List.copyOf(rules);
        this.allow = List.copyOf(allow);
        this.combos = List.copyOf(combos);
        this.index = new PackIndex(this.rules, this.allow, patternInputLimit, patternBudgetPerChar);
    }

    public String version() {
        return version;
    }

    public String description() {
        return description;
    }

    /** Where the pack came from (file name or resource), for diagnostics. */
    public String source() {
        return source;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** Words and wildcard words that never match a rule on their own (the Scunthorpe list). */
    public List<String> allow() {
        return allow;
    }

    public List<Combo> combos() {
        return combos;
    }

    /**
     * Whether staff evidence shows swear words ({@code settings.evidence-profanity: shown}); by default they are
     * masked there too ({@link StaffEvidence}).
     */
    public boolean evidenceShowsProfanity() {
        return evidenceShowsProfanity;
    }

    PackIndex index() {
        return index;
    }

    @Override
    public String toString() {
        return "RulePack[" + version + ", " + rules.size() + " rules, from " + source + "]";
    }
}
