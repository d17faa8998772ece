package org.chatguard.model;

/** What the site does with a message. Ordered by strength: a stronger action always wins. */
public enum Action {
    /** Show the message unchanged. */
    ALLOW,
    /** Show the message with the matched spans replaced by asterisks. */
    MASK,
    /** Replace the whole message with {@code *blocked*} or {@code *inappropriate*}. */
    BLOCK;

    public Action max(Action other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
