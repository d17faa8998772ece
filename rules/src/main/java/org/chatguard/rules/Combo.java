package org.chatguard.rules;

import java.util.List;
import org.chatguard.model.Category;
import org.chatguard.model.Tier;

/**
 * Escalation when one message shows several grooming stages at once ("don't tell your parents" and
 * "let's meet"): each stage alone is only flagged, together they alert.
 *
 * @param stages all of these stages must be evidenced by matches in the same message
 */
public record Combo(String id, List<String> stages, Category category, int severity, Tier alert, String reason, int line) {
    public Combo {
        stages = List.copyOf(stages);
    }
}
