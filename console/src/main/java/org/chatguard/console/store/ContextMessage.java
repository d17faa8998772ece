package org.chatguard.console.store;

import java.time.Instant;

import org.chatguard.model.Action;
import org.chatguard.model.ContentKind;
import org.chatguard.model.Decision;

/**
 * One message of a conversation as the site displayed it ({@link Decision#displayText()}: masked spans
 * masked, blocked messages as their placeholder), kept so staff can read an alert's evidence in its context.
 * Never the original text. A chat record: deleted one year after {@link #sentAt()} (retention).
 */
public record ContextMessage(String messageId, String conversationId, String senderId, ContentKind kind, String channel,
        Action action, String displayText, Instant sentAt) {

    public static ContextMessage of(Decision d) {
        return new ContextMessage(d.id(), d.conversationId(), d.senderId(), d.kind(), d.channel(), d.action(),
                d.displayText(), d.sentAt());
    }

    /**
     * A private conversation: private messages and chats in a private channel or an inbox. Only COUNSELLOR
     * and above may read one around an alert.
     */
    public boolean isPrivate() {
        return kind == ContentKind.PRIVATE_MESSAGE || "private".equals(channel) || "inbox".equals(channel);
    }
}
