package org.chatguard.model;

/** The three content streams a site produces; each arrives on its own input topic. */
public enum ContentKind {
    /** General chat, bubble/group chat and private (one-to-one) chat. */
    CHAT,
    /** Inbox-style private messages. */
    PRIVATE_MESSAGE,
    /** Blog posts and their comments. */
    BLOG
}
