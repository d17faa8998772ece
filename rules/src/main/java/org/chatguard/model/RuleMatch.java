package org.chatguard.model;

/**
 * One rule that matched a message. {@code start}/{@code end} are UTF-16 offsets into the original
 * text (end exclusive), so the site or a reviewer can find exactly what was masked.
 *
 * @param action what this rule alone asks the site to do ({@link Action#ALLOW} for flag-only/alert-only rules)
 * @param stage  for grooming rules, the grooming stage the rule evidences (e.g. {@code secrecy},
 *               {@code personal-details}, {@code photos}, {@code meeting}); {@code null} otherwise
 */
public record RuleMatch(String ruleId, Category category, int severity, Action action, int start, int end, String stage) {

    public RuleMatch {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span [" + start + "," + end + ")");
        }
    }
}
