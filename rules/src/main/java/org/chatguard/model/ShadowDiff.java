package org.chatguard.model;

import java.time.Instant;
import java.util.List;

/**
 * One message on which a shadow (candidate) rule pack would have decided differently from the live pack, written
 * to the {@code shadow-diffs} topic. Ids, actions, categories and rule ids only: never the message text, so the
 * topic can be kept and read like metrics.
 *
 * @param liveRules      ids of the rules (and combos) that matched under the live pack, sorted
 * @param candidateRules the same under the candidate pack
 */
public record ShadowDiff(
        String messageId,
        ContentKind kind,
        String conversationId,
        String senderId,
        Instant sentAt,
        String liveVersion,
        Action liveAction,
        List<Category> liveCategories,
        List<String> liveRules,
        String candidateVersion,
        Action candidateAction,
        List<Category> candidateCategories,
        List<String> candidateRules,
        Instant at) {

    public ShadowDiff {
        liveCategories = List.copyOf(liveCategories);
        liveRules = List.copyOf(liveRules);
        candidateCategories = List.copyOf(candidateCategories);
        candidateRules = List.copyOf(candidateRules);
    }
}
