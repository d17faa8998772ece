package org.chatguard.console.web;

import java.io.IOException;

/** One page and its JSON view, or one action: what the {@link Router} calls for a path's first segment. */
interface Route {

    void handle(Request r) throws IOException;

    /** Answers a page POST with a redirect (303). */
    final class Redirect extends RuntimeException {
        final String to;

        Redirect(String to) {
            super(null, null, false, false);
            this.to = to;
        }
    }
}
