package org.chatguard.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One piece of user content as the site publishes it to an input topic.
 *
 * @param id             unique message id assigned by the site
 * @param kind           which content stream it belongs to
 * @param channel        where on the site it was posted (e.g. {@code general}, {@code bubble}, {@code private}, {@code inbox}, {@code blog})
 * @param conversationId conversation, chat room or blog thread; the key for conversation risk
 * @param senderId       pseudonymous id of the author
 * @param recipientIds   pseudonymous ids of the addressees (empty for public chat and blogs)
 * @param text           what the user typed
 * @param sentAt         when the user sent it (event time)
 */
public record ChatMessage(
        String id,
        ContentKind kind,
        String channel,
        String conversationId,
        String senderId,
        List<String> recipientIds,
        String text,
        Instant sentAt) {

    public ChatMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        recipientIds = recipientIds == null ? List.of() : List.copyOf(recipientIds);
    }
}
