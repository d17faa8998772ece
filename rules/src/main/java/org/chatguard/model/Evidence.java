package org.chatguard.model;

import java.time.Instant;

/** A pointer to a message behind an alert: its id and the masked excerpt staff may see, never the raw text. */
public record Evidence(String messageId, String senderId, String maskedExcerpt, Instant sentAt) {
}
