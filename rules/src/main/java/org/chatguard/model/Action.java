package org.chatguard.model;

/** What the site does with a message. Ordered by strength: a stronger action always wins. */
public enum Action {
    /** Show the message unchanged. */
    ALLOW,
    /** Show the message with the matched spans replaced by asterisks. */
    MASK,
    /**
     * Held for review: the site shows nothing until staff release it. The decision's {@code displayText}
     * is what the site would show if released (the text with MASK spans masked); the console publishes a
     * follow-up ALLOW/MASK decision for the same message id (reason {@code released-by-staff}) on release.
     */
    HOLD,
    /** Replace the whole message with {@code *blocked*} or {@code *inappropriate*}. */
    BLOCK;

    public Action max(Action other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
