package org.chatguard.console.web;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;

import org.chatguard.console.ConsoleService;
import org.chatguard.console.ConsoleService.Subject;
import org.chatguard.console.auth.Sessions;
import org.chatguard.console.auth.Users;

/**
 * Before every page and API call: reads the request, finds who is asking (a bearer token on the API, a
 * session cookie otherwise), and checks every session POST for the session's CSRF token (form field
 * {@code csrf} or header {@code X-CSRF-Token}) and a same-origin {@code Origin}. Unauthenticated: 401 on
 * the API, the login page otherwise. A CSRF refusal is a 403, audited through {@link ConsoleService}.
 */
final class AuthFilter extends Filter {

    private final ConsoleService service;
    private final Users users;
    private final Sessions sessions;
    private final Layout layout;

    AuthFilter(ConsoleService service, Users users, Sessions sessions, Layout layout) {
        this.service = service;
        this.users = users;
        this.sessions = sessions;
        this.layout = layout;
    }

    @Override
    public void doFilter(HttpExchange ex, Chain chain) throws IOException {
        String method = ex.getRequestMethod();
        if (!method.equals("GET") && !method.equals("POST")) {
            Http.send(ex, 405, "text/plain", "method not allowed");
            return;
        }
        Request r;
        try {
            r = Request.read(ex);
        } catch (Request.Malformed e) {
            if (ex.getRequestURI().getPath().startsWith("/api/")) {
                Http.sendJson(ex, 400, Map.of("error", e.getMessage()));
            } else {
                Http.send(ex, 400, "text/plain", e.getMessage());
            }
            return;
        }
        if (r.path().equals("/favicon.ico")) {
            Http.send(ex, 404, "text/plain", "");
            return;
        }
        r = authenticate(r);
        if (r.subject() == null) {
            if (r.api()) {
                Http.sendJson(ex, 401, Map.of("error", "authentication required"));
            } else {
                Http.redirect(ex, "/login");
            }
            return;
        }
        if (method.equals("POST") && !r.bearer()) {
            String token = r.form().get("csrf");
            if (token == null) {
                token = ex.getRequestHeaders().getFirst("X-CSRF-Token");
            }
            if (token == null || !Http.constantEquals(token, r.session().csrf()) || !Http.sameOrigin(ex)) {
                service.deny(r.subject(), "CSRF_REJECTED", r.path());
                layout.error(r, 403, "missing or invalid CSRF token");
                return;
            }
        }
        r.attach();
        chain.doFilter(ex);
    }

    private Request authenticate(Request r) {
        String auth = r.ex().getRequestHeaders().getFirst("Authorization");
        if (r.api() && auth != null && auth.startsWith("Bearer ")) {
            Optional<Users.Account> acc = users.byToken(auth.substring(7).strip());
            return acc.map(a -> r.as(null, new Subject("token:" + a.name(), a.role()), true)).orElse(r);
        }
        return sessions.find(Http.cookie(r.ex(), Sessions.COOKIE))
                .map(s -> r.as(s, new Subject(s.user(), s.role()), false)).orElse(r);
    }

    @Override
    public String description() {
        return "authentication and CSRF";
    }
}
