package org.chatguard.rules;

import java.util.List;
import org.chatguard.model.Category;
import org.chatguard.model.Tier;

/**
 * Escalation when one message shows several grooming stages at once ("don't tell your parents" and
 * "let's meet"): each stage alone is only flagged, together they alert.
 *
 * @param stages stages that count for this combo, distinct
 * @param min    how many distinct stages of {@code stages} must be evidenced by matches in the same message
 *               (all of them unless the pack says fewer: "any three of these")
 * @param including if not empty, at least one of these (a subset of {@code stages}) must be among them: "any two,
 *               one of which is access or secrecy"
 */
public record Combo(String id, List<String> stages, int min, List<String> including, Category category, int severity,
        Tier alert, String reason, int line) {
    public Combo {
        stages = List.copyOf(stages);
        including = List.copyOf(including);
        if (!stages.containsAll(including)) {
            throw new IllegalArgumentException("including must be a subset of stages");
        }
        if (min < 2 || min > stages.size()) {
            throw new IllegalArgumentException("min must be from 2 to the number of stages");
        }
    }
}
