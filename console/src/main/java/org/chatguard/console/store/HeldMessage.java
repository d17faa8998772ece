package org.chatguard.console.store;

import java.time.Instant;

import org.chatguard.model.Decision;

/**
 * A message the pipeline held for review (decision action HOLD): the site shows nothing until staff
 * release it. {@code decision.displayText()} is what the site shows on release (MASK spans masked).
 */
public record HeldMessage(Decision decision, Status status, String decidedBy, Instant decidedAt, Instant receivedAt) {

    public enum Status { PENDING, RELEASED, DENIED }
}
