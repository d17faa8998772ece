package org.chatguard.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One rule that matched a message. {@code start}/{@code end} are UTF-16 offsets into the original
 * text (end exclusive), so the site or a reviewer can find exactly what was masked.
 *
 * @param action     what this rule alone asks the site to do ({@link Action#ALLOW} for flag-only/alert-only rules)
 * @param stage      for grooming rules, the grooming stage the rule evidences (e.g. {@code secrecy},
 *                   {@code personal-details}, {@code photos}, {@code meeting}); {@code null} otherwise
 * @param messageIds for a word split across consecutive messages ("f", "u", "c", "k"): the ids of the earlier
 *                   messages that hold the rest of the match, oldest first (the span is this message's part);
 *                   {@code null} for a match inside this message alone (and then left out of the JSON)
 */
public record RuleMatch(String ruleId, Category category, int severity, Action action, int start, int end, String stage,
                        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> messageIds) {

    public RuleMatch {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span [" + start + "," + end + ")");
        }
        messageIds = messageIds == null ? null : List.copyOf(messageIds);
    }

    /** A match inside one message. */
    public RuleMatch(String ruleId, Category category, int severity, Action action, int start, int end, String stage) {
        this(ruleId, category, severity, action, start, end, stage, null);
    }
}
