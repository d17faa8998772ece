package org.chatguard.rules.risk;

import java.io.Serializable;
import java.time.Duration;

/**
 * How a user's history changes what their messages get (README: "Trust").
 *
 * @param newAccountMessages    a user is new for the first this-many messages ChatGuard sees from them (0: off);
 *                              meanwhile personal-information and off-platform/meeting grooming matches are held for staff
 * @param confirmedTtl          how long a staff-confirmed violation (block, resolved alert or denied held message
 *                              naming the user) lowers the user's trust after the last one
 * @param lowTrustFactor        the conversation-risk block and alert thresholds are multiplied by this for a
 *                              low-trust sender's messages (below 1: they act sooner)
 */
public record TrustConfig(int newAccountMessages, Duration confirmedTtl, double lowTrustFactor) implements Serializable {

    private static final long serialVersionUID = 1L;

    public TrustConfig {
        if (newAccountMessages < 0 || newAccountMessages > 1_000_000) {
            throw new IllegalArgumentException("newAccountMessages must be 0..1000000");
        }
        if (confirmedTtl == null || confirmedTtl.isNegative() || confirmedTtl.isZero()) {
            throw new IllegalArgumentException("confirmedTtl must be positive");
        }
        if (!(lowTrustFactor > 0 && lowTrustFactor <= 1)) {
            throw new IllegalArgumentException("lowTrustFactor must be in (0, 1]");
        }
    }

    /** New for 20 messages; a confirmed violation counts for 30 days; low trust halves the thresholds. */
    public static TrustConfig defaults() {
        return new TrustConfig(20, Duration.ofDays(30), 0.5);
    }

    public TrustConfig withNewAccountMessages(int n) {
        return new TrustConfig(n, confirmedTtl, lowTrustFactor);
    }
}
