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
 * @param support     help the site can show the sender, on a message in which a child asked for help (self-harm,
 *                    abuse disclosure); {@code null} otherwise. The message itself is delivered as decided
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
        Support support) {

    public Decision {
        categories = List.copyOf(categories);
        matches = List.copyOf(matches);
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    /** A decision with no support for the sender. */
    public Decision(String id, ContentKind kind, String conversationId, String senderId, Action action, String displayText,
                    List<Category> categories, List<RuleMatch> matches, List<String> reasons, String rulePackVersion,
                    Instant sentAt, Instant decidedAt) {
        this(id, kind, conversationId, senderId, action, displayText, categories, matches, reasons, rulePackVersion,
                sentAt, decidedAt, null);
    }

    public Decision withSupport(Support s) {
        return new Decision(id, kind, conversationId, senderId, action, displayText, categories, matches, reasons,
                rulePackVersion, sentAt, decidedAt, s);
    }
}
