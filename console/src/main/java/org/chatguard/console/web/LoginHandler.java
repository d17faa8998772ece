package org.chatguard.console.web;

import static org.chatguard.console.web.Html.esc;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import org.chatguard.console.ConsoleService;
import org.chatguard.console.auth.LoginThrottle;
import org.chatguard.console.auth.Passwords;
import org.chatguard.console.auth.Sessions;
import org.chatguard.console.auth.Users;

/**
 * {@code /login}: the form (with its own CSRF token in a {@code /login}-scoped cookie) and the check
 * (PBKDF2 from the users file; five failures lock a name for 15 minutes). Every attempt is audited
 * through {@link ConsoleService}.
 */
final class LoginHandler implements HttpHandler {

    static final String LOGIN_COOKIE = "cg_login";
    static final int MAX_FAILURES = 5;
    static final Duration LOCKOUT = Duration.ofMinutes(15);
    /** User names whose failed logins are tracked at once (see {@link LoginThrottle}). */
    static final int MAX_TRACKED_NAMES = 10_000;

    private final ConsoleService service;
    private final Users users;
    private final Sessions sessions;
    private final Layout layout;
    private final LoginThrottle failures = new LoginThrottle(MAX_FAILURES, LOCKOUT, MAX_TRACKED_NAMES, Clock.systemUTC());

    LoginHandler(ConsoleService service, Users users, Sessions sessions, Layout layout) {
        this.service = service;
        this.users = users;
        this.sessions = sessions;
        this.layout = layout;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        if (!ex.getRequestURI().getPath().equals("/login")) {
            Http.send(ex, 404, "text/plain", "not found");
        } else if (ex.getRequestMethod().equals("GET")) {
            page(ex, 200, null);
        } else if (ex.getRequestMethod().equals("POST")) {
            Map<String, String> form;
            try {
                form = Request.read(ex).form();
            } catch (Request.Malformed e) {
                Http.send(ex, 400, "text/plain", e.getMessage());
                return;
            }
            login(ex, form);
        } else {
            Http.send(ex, 405, "text/plain", "method not allowed");
        }
    }

    private void page(HttpExchange ex, int status, String message) throws IOException {
        // keep an existing login token: a second tab (or a favicon fetch) must not invalidate the first form
        String existing = Http.cookie(ex, LOGIN_COOKIE);
        String token = existing != null && existing.matches("[A-Za-z0-9_-]{43}") ? existing : Passwords.randomToken();
        ex.getResponseHeaders().add("Set-Cookie", LOGIN_COOKIE + "=" + token + "; Path=/login; Secure; HttpOnly; SameSite=Strict");
        StringBuilder b = new StringBuilder();
        b.append("<h1>ChatGuard staff console</h1>");
        if (message != null) {
            b.append("<p class=error>").append(esc(message)).append("</p>");
        }
        b.append("<form method=post action=/login class=box>")
                .append("<input type=hidden name=csrf value=\"").append(esc(token)).append("\">")
                .append("<p><label>User <input id=username name=username autocomplete=username></label></p>")
                .append("<p><label>Password <input id=password type=password name=password autocomplete=current-password></label></p>")
                .append("<p><button id=login type=submit>Log in</button></p></form>")
                .append("<p class=muted>Access is restricted to authorised staff. Every look at a child's words is recorded.</p>");
        layout.page(ex, status, "Log in", null, b.toString());
    }

    private void login(HttpExchange ex, Map<String, String> form) throws IOException {
        String cookie = Http.cookie(ex, LOGIN_COOKIE);
        String token = form.get("csrf");
        if (cookie == null || token == null || !Http.constantEquals(cookie, token) || !Http.sameOrigin(ex)) {
            page(ex, 401, "Your login form expired; please try again.");
            return;
        }
        String user = form.getOrDefault("username", "");
        String shown = user.length() > 64 ? user.substring(0, 64) : user;
        if (failures.locked(shown)) {
            service.auditLogin(shown, null, "LOCKED");
            page(ex, 429, "Too many failed attempts for this user; try again later.");
            return;
        }
        char[] pw = form.getOrDefault("password", "").toCharArray();
        Optional<Users.Account> acc = users.authenticate(user, pw);
        Arrays.fill(pw, '\0');
        if (acc.isEmpty()) {
            failures.failed(shown);
            service.auditLogin(shown, null, "FAILED");
            page(ex, 401, "Wrong user name or password.");
            return;
        }
        failures.succeeded(shown);
        Sessions.Session s = sessions.create(acc.get());
        service.auditLogin(s.user(), s.role(), "OK");
        ex.getResponseHeaders().add("Set-Cookie", Sessions.COOKIE + "=" + s.id() + "; Path=/; Secure; HttpOnly; SameSite=Strict");
        ex.getResponseHeaders().add("Set-Cookie", LOGIN_COOKIE + "=; Path=/login; Max-Age=0; Secure; HttpOnly; SameSite=Strict");
        Http.redirect(ex, "/");
    }
}
