package org.chatguard.model;

import java.util.List;

/**
 * Help the site can show the sender of a message in which a child asked for help (self-harm talk, a
 * disclosure of abuse): on the {@link Decision}, next to the delivered message. Configured per site
 * ({@code org.chatguard.rules.decide.SupportPolicy}).
 *
 * @param category  the concern it answers ({@code SELF_HARM} or {@code ABUSE_DISCLOSURE})
 * @param message   what to tell the child; says so when staff are not there right now
 * @param resources where to get help now
 */
public record Support(String category, String message, List<Resource> resources) implements java.io.Serializable {

    public Support {
        resources = resources == null ? List.of() : List.copyOf(resources);
    }

    /** A helpline: {@code phone} or {@code url} may be null. */
    public record Resource(String name, String phone, String url) implements java.io.Serializable {
    }
}
