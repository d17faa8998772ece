package org.chatguard.load.gen;

/**
 * What a generated message was written to contain: the label the generator knows, so a run can check
 * that each kind of harmful content reached the code path meant for it.
 */
public enum Harm {
    /** Ordinary chat, including near misses ("this homework is killing me"). */
    NONE,
    /** Swearing and insults. */
    ABUSIVE,
    /** Exclusion, mockery, threats between children. */
    BULLYING,
    /** Self-harm and suicidal talk. */
    SELF_HARM,
    /** An adult's grooming moves: secrecy, personal details, photos, meeting, moving platform. */
    GROOMING,
    /** Phone numbers, e-mail and home addresses, social handles. */
    PERSONAL_INFO,
    /** A child disclosing abuse at home. */
    ABUSE_DISCLOSURE
}
