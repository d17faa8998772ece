package org.chatguard.console.web;

import java.io.IOException;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import org.chatguard.console.ConsoleService.BadRequest;
import org.chatguard.console.ConsoleService.Forbidden;

/**
 * Dispatches an authenticated {@link Request} (see {@link AuthFilter}) by its first path segment and
 * turns the service's refusals into responses: 403 (already audited), 400/404/409/503, redirects.
 */
final class Router implements HttpHandler {

    private final Map<String, Route> routes;
    private final Layout layout;

    Router(Map<String, Route> routes, Layout layout) {
        this.routes = Map.copyOf(routes);
        this.layout = layout;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        Request r = Request.of(ex);
        try {
            Route route = routes.get(r.part(0));
            if (route == null) {
                throw new BadRequest(404, "not found");
            }
            route.handle(r);
        } catch (Forbidden e) {
            layout.error(r, 403, "You are not allowed to do this. The attempt has been recorded.");
        } catch (BadRequest e) {
            layout.error(r, e.status, e.getMessage());
        } catch (Route.Redirect e) {
            Http.redirect(ex, e.to);
        } catch (IllegalArgumentException e) {
            layout.error(r, 400, "bad request");
        }
    }
}
