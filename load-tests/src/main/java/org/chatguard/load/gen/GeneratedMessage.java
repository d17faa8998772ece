package org.chatguard.load.gen;

import org.chatguard.model.ChatMessage;

/**
 * One generated input record.
 *
 * @param message   the message (also for malformed records, whose JSON is then broken on purpose)
 * @param harm      what the generator put into the text
 * @param malformed {@code true} when {@link #json()} is deliberately not a valid message (dead-letter path)
 */
public record GeneratedMessage(ChatMessage message, Harm harm, boolean malformed) {

    /** The record value as the site would publish it. */
    public byte[] json() {
        return malformed ? MessageJson.malformed(message) : MessageJson.toBytes(message);
    }
}
