package org.chatguard.model;

/** What a rule (and the risk it signals) is about. Alerts are raised per conversation and category. */
public enum Category {
    PROFANITY,
    INSULT,
    HATE,
    SEXUAL,
    SELF_HARM,
    ABUSE_DISCLOSURE,
    GROOMING,
    PERSONAL_INFO,
    VIOLENCE
}
