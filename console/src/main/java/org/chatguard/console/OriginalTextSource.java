package org.chatguard.console;

import java.time.Instant;
import java.util.Optional;

/** Finds the original, unmasked text of a message. Only the audited Safeguarding view calls it. */
public interface OriginalTextSource {

    /**
     * The text of the input message with this id <em>in this conversation from this sender</em>: message
     * ids come from the sites, so an id alone could name another conversation's message (a collision or
     * a forged id), and staff would be shown a child's words that the alert is not about.
     *
     * @param conversationId the alert's conversation (a message without one matches only {@code null})
     * @param senderId       the evidence's sender, or {@code null} not to check it
     */
    Optional<String> find(String messageId, String conversationId, String senderId, Instant sentAt);
}
