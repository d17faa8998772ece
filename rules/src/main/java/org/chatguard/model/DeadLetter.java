package org.chatguard.model;

import java.time.Instant;

/**
 * An input record that could not be moderated, with the reason. The raw bytes go only to the
 * dead-letter topic (never to logs): as UTF-8 text in {@code raw} when they decode cleanly, otherwise
 * base64 in {@code rawBase64}; at most {@link #MAX_RAW_BYTES} of them, with {@code truncated} set.
 */
public record DeadLetter(
        String sourceTopic,
        int partition,
        long offset,
        String reason,
        String raw,
        String rawBase64,
        int rawSize,
        boolean truncated,
        Instant receivedAt) {

    /** Dead letters must stay small enough to publish with default broker limits. */
    public static final int MAX_RAW_BYTES = 64 * 1024;
}
