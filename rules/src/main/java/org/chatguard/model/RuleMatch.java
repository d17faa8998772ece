package org.chatguard.model;

/**
 * One rule that matched a message. {@code start}/{@code end} are UTF-16 offsets into the original
 * text (end exclusive), so the site or a reviewer can find exactly what was masked.
 */
public record RuleMatch(String ruleId, Category category, int severity, Action action, int start, int end) {

    public RuleMatch {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span [" + start + "," + end + ")");
        }
    }
}
