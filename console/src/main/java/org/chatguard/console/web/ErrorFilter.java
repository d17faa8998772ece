package org.chatguard.console.web;

import java.io.IOException;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.chatguard.console.SafeErrors;

/**
 * First on every context: an unexpected failure is a 500 and one log line of class names and frames,
 * never the throwable itself (its message, or a cause's, can quote the request body). The exchange is
 * closed here, after the response.
 */
final class ErrorFilter extends Filter {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);

    @Override
    public void doFilter(HttpExchange ex, Chain chain) throws IOException {
        try (ex) {
            try {
                chain.doFilter(ex);
            } catch (RuntimeException | IOException e) {
                LOG.error("console request failed: {}", SafeErrors.describe(e));
                try {
                    Http.send(ex, 500, "text/plain", "internal error");
                } catch (IOException | RuntimeException ignored) {
                    // response already started
                }
            }
        }
    }

    @Override
    public String description() {
        return "500 on failure, logged without messages";
    }
}
