package org.chatguard.rules;

import java.util.List;
import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.Tier;

/**
 * One validated rule of a pack. Exactly one of {@link #terms()}, {@link #near()} or {@link #pattern()}
 * says what it matches; the rest says what a match means.
 *
 * @param action  what the site does on a match; {@link Action#ALLOW} for flag-only and alert-only rules
 * @param alert   tier of the staff alert a match asks for, or {@code null}
 * @param stage   grooming stage the rule evidences, or {@code null}
 * @param reason  short human text for reason codes (never message text)
 * @param unless  phrases that cancel a match when they overlap it or end at most one word before it
 *                ("are you" before "gay", "not" before "ugly", "nice to" before "meet you"); terms and near rules only
 * @param line    line of the rule in its source file (for diagnostics), 0 if unknown
 */
public record Rule(
        String id,
        Category category,
        int severity,
        Action action,
        Tier alert,
        String stage,
        String reason,
        List<String> terms,
        Near near,
        Pattern pattern,
        List<String> unless,
        int line) {

    public Rule {
        terms = terms == null ? List.of() : List.copyOf(terms);
        unless = unless == null ? List.of() : List.copyOf(unless);
    }

    /** The same rule without exceptions: for callers (and packs) that have none. */
    public Rule(String id, Category category, int severity, Action action, Tier alert, String stage, String reason,
            List<String> terms, Near near, Pattern pattern, int line) {
        this(id, category, severity, action, alert, stage, reason, terms, near, pattern, List.of(), line);
    }

    /** Two groups of phrases within {@code within} words of each other (A before B when ordered). */
    public record Near(List<String> a, List<String> b, int within, boolean ordered) {
        public Near {
            a = List.copyOf(a);
            b = List.copyOf(b);
        }
    }

    /**
     * A regular expression over the folded text.
     *
     * @param group        capture group whose span is the match (0 = whole match)
     * @param requireChars the pattern is tried only if the text has one of these characters (may be empty)
     * @param minDigits    the pattern is tried only if the text has at least this many digits
     * @param requireWords the pattern is tried only if one of these words is a token of the text (may be empty)
     * @param letterDigit  the pattern is tried only if a letter touches a digit somewhere (postcodes, ids)
     * @param atTrigger    the match must start where one of {@code requireWords} starts (much cheaper than a search)
     */
    public record Pattern(String regex, int group, String requireChars, int minDigits, List<String> requireWords,
                          boolean letterDigit, boolean atTrigger) {
        public Pattern {
            requireWords = requireWords == null ? List.of() : List.copyOf(requireWords);
        }
    }

    public enum Kind { TERMS, NEAR, PATTERN }

    public Kind kind() {
        return near != null ? Kind.NEAR : pattern != null ? Kind.PATTERN : Kind.TERMS;
    }
}
