package org.chatguard.model;

/**
 * Who on the staff must look at an alert, in the escalation order of the sites we serve:
 * moderator, then counsellor, then the Safeguarding Team (who may involve school, parents,
 * the local authority or police/CEOP).
 */
public enum Tier {
    /** Breaches of the site rules: swearing, insults, sharing contact details. */
    MODERATOR,
    /** A child who is very upset, self-harm talk. */
    COUNSELLOR,
    /** Abuse disclosure, grooming, threats to life. */
    SAFEGUARDING;

    public Tier max(Tier other) {
        return other != null && other.ordinal() > ordinal() ? other : this;
    }
}
