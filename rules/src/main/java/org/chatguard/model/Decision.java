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
 * @param modelVersion version of the model that scored the message, or {@code null} (no model)
 * @param support     help the site can show the sender, on a message in which a child asked for help (self-harm,
 *                    abuse disclosure); {@code null} otherwise. The message itself is delivered as decided
 * @param channel     the site's channel of the message ({@code general}, {@code bubble}, {@code private}, ...), so
 *                    the staff console knows a private conversation from a public one; {@code null} if not known
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
        String modelVersion,
        Support support,
        String channel,
        String language) {

    public Decision {
        categories = List.copyOf(categories);
        matches = List.copyOf(matches);
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    /** A decision of an engine without a model, with no support for the sender. */
    public Decision(String id, ContentKind kind, String conversationId, String senderId, Action action, String displayText,
                    List<Category> categories, List<RuleMatch> matches, List<String> reasons, String rulePackVersion,
                    Instant sentAt, Instant decidedAt) {
        this(id, kind, conversationId, senderId, action, displayText, categories, matches, reasons, rulePackVersion,
                sentAt, decidedAt, null, null, null);
    }

    /** A decision with no support for the sender and no channel. */
    public Decision(String id, ContentKind kind, String conversationId, String senderId, Action action, String displayText,
                    List<Category> categories, List<RuleMatch> matches, List<String> reasons, String rulePackVersion,
                    Instant sentAt, Instant decidedAt, String modelVersion) {
        this(id, kind, conversationId, senderId, action, displayText, categories, matches, reasons, rulePackVersion,
                sentAt, decidedAt, modelVersion, null, null);
    }

    /** A decision of an engine without a model. */
    public Decision(String id, ContentKind kind, String conversationId, String senderId, Action action, String displayText,
                    List<Category> categories, List<RuleMatch> matches, List<String> reasons, String rulePackVersion,
                    Instant sentAt, Instant decidedAt, Support support, String channel) {
        this(id, kind, conversationId, senderId, action, displayText, categories, matches, reasons, rulePackVersion,
                sentAt, decidedAt, null, support, channel);
    }

    /** A decision without a language (an engine without language routing, or a decision made elsewhere). */
    public Decision(String id, ContentKind kind, String conversationId, String senderId, Action action, String displayText,
                    List<Category> categories, List<RuleMatch> matches, List<String> reasons, String rulePackVersion,
                    Instant sentAt, Instant decidedAt, String modelVersion, Support support, String channel) {
        this(id, kind, conversationId, senderId, action, displayText, categories, matches, reasons, rulePackVersion,
                sentAt, decidedAt, modelVersion, support, channel, null);
    }

    public Decision withLanguage(String l) {
        return new Decision(id, kind, conversationId, senderId, action, displayText, categories, matches, reasons,
                rulePackVersion, sentAt, decidedAt, modelVersion, support, channel, l);
    }

    public Decision withSupport(Support s) {
        return new Decision(id, kind, conversationId, senderId, action, displayText, categories, matches, reasons,
                rulePackVersion, sentAt, decidedAt, modelVersion, s, channel, language);
    }

    public Decision withChannel(String c) {
        return new Decision(id, kind, conversationId, senderId, action, displayText, categories, matches, reasons,
                rulePackVersion, sentAt, decidedAt, modelVersion, support, c, language);
    }
}
