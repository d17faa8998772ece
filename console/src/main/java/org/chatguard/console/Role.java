package org.chatguard.console;

import org.chatguard.model.Tier;

/**
 * Staff roles. The first three mirror the escalation tiers (moderator, counsellor, Safeguarding Team);
 * ADMIN runs the console (audit log, retention) and sees no child's words at all.
 */
public enum Role {
    MODERATOR, COUNSELLOR, SAFEGUARDING, ADMIN;

    /** The tier this role works, or {@code null} for ADMIN. */
    public Tier tier() {
        return switch (this) {
            case MODERATOR -> Tier.MODERATOR;
            case COUNSELLOR -> Tier.COUNSELLOR;
            case SAFEGUARDING -> Tier.SAFEGUARDING;
            case ADMIN -> null;
        };
    }
}
