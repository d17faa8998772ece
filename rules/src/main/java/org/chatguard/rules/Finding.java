package org.chatguard.rules;

import org.chatguard.model.RuleMatch;
import org.chatguard.model.Tier;

/**
 * One thing a {@link Detector} found: the match (rule or model id, category, span, action), the alert tier it
 * asks for (or null) and its reason code. {@code startPos}/{@code endPos}: token positions covered, -1 when
 * unknown (only the rules use them, for exceptions).
 */
public record Finding(RuleMatch match, Tier tier, String reasonCode, int startPos, int endPos) {
    public Finding(RuleMatch match, Tier tier, String reasonCode) {
        this(match, tier, reasonCode, -1, -1);
    }
}
