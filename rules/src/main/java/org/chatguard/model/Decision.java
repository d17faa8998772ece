package org.chatguard.model;

import java.time.Instant;
import java.util.List;

/**
 * The moderation decision for one message, written to the {@code decisions} topic that the site reads.
 * Consumers dedupe by {@link #id()}: with at-least-once delivery the same decision may arrive twice.
 *
 * @param displayText what the site shows: the text, the text with masked spans, or a placeholder
 * @param categories  distinct categories of the matches, in {@link Category} order
 * @param reasons     short reason codes when the action comes from something other than a rule match
 *                    (for example a conversation-level block); empty otherwise
 * @param language    the language(s) the message was read as ({@code en}, {@code es}, {@code en+es}); null when
 *                    the engine ran without language routing
 */
public record Decision(
        String id,
        ContentKind kind,
        String conversationId,
        String senderId,
        Action action,
        String displayText,
        List<Category> categories,
        List<RuleMatch> matches,
        List<String> reasons,
        String rulePackVersion,
        Instant sentAt,
        Instant decidedAt,
        String language) {

    /** Without a language (an engine without language routing, or a decision made elsewhere, e.g. by staff). */
    public Decision(String id, ContentKind kind, String conversationId, String senderId, Action action, String displayText,
                    List<Category> categories, List<RuleMatch> matches, List<String> reasons, String rulePackVersion,
                    Instant sentAt, Instant decidedAt) {
        this(id, kind, conversationId, senderId, action, displayText, categories, matches, reasons, rulePackVersion,
                sentAt, decidedAt, null);
    }

    public Decision {
        categories = List.copyOf(categories);
        matches = List.copyOf(matches);
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }
}
