package org.chatguard.console.web;

import static org.chatguard.console.web.Html.esc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.chatguard.connectors.json.EventJson;
import org.chatguard.console.AccessPolicy;
import org.chatguard.console.ConsoleService;
import org.chatguard.console.ConsoleService.BadRequest;
import org.chatguard.console.ConsoleService.Forbidden;
import org.chatguard.console.ConsoleService.Subject;
import org.chatguard.console.IngestStatus;
import org.chatguard.console.SafeErrors;
import org.chatguard.console.Role;
import org.chatguard.console.auth.LoginThrottle;
import org.chatguard.console.auth.Passwords;
import org.chatguard.console.auth.Sessions;
import org.chatguard.console.auth.Users;
import org.chatguard.console.store.AlertRecord;
import org.chatguard.console.store.AuditEntry;
import org.chatguard.console.store.HeldMessage;
import org.chatguard.console.store.Note;
import org.chatguard.model.Evidence;
import org.chatguard.model.StaffAction;
import org.chatguard.model.Tier;

/**
 * The staff web console and its JSON API on the JDK's HTTP server. Server-rendered pages, one local
 * stylesheet, no scripts, nothing from a CDN. Authentication: a login form (PBKDF2 hashes from the
 * users file) giving a session cookie ({@code Secure; HttpOnly; SameSite=Strict}), or a bearer token
 * for the API. Every POST with a session must carry the session's CSRF token (form field {@code csrf}
 * or header {@code X-CSRF-Token}). Access decisions are {@link ConsoleService}'s; refusals are 403 and
 * audited. Pages are {@code no-store} with a strict Content-Security-Policy.
 */
public final class ConsoleServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    private static final String LOGIN_COOKIE = "cg_login";
    private static final ObjectMapper JSON = EventJson.mapper();

    private final HttpServer server;
    private final ExecutorService pool;
    private final ConsoleService service;
    private final Users users;
    private final Sessions sessions;
    static final int MAX_FAILURES = 5;
    static final Duration LOCKOUT = Duration.ofMinutes(15);
    /** User names whose failed logins are tracked at once (see {@link LoginThrottle}). */
    static final int MAX_TRACKED_NAMES = 10_000;
    /** Failed logins per user name: 5 failures lock the name for 15 minutes. */
    private final LoginThrottle failures;
    /** Ingest health for /readyz and the banner; null when this server is not fed by an ingestor (tests). */
    private volatile Supplier<IngestStatus> ingest;
    private volatile long maxLag;
    private volatile CollectorRegistry metrics = new CollectorRegistry();

    public ConsoleServer(InetSocketAddress bind, ConsoleService service, Users users, Sessions sessions) throws IOException {
        this(bind, service, users, sessions, null);
    }

    /** @param tls HTTPS when not null (what production should use: the session cookie is {@code Secure}) */
    public ConsoleServer(InetSocketAddress bind, ConsoleService service, Users users, Sessions sessions, SSLContext tls)
            throws IOException {
        this.service = service;
        this.users = users;
        this.sessions = sessions;
        this.failures = new LoginThrottle(MAX_FAILURES, LOCKOUT, MAX_TRACKED_NAMES, java.time.Clock.systemUTC());
        if (tls == null) {
            this.server = HttpServer.create(bind, 64);
        } else {
            HttpsServer https = HttpsServer.create(bind, 64);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            this.server = https;
        }
        this.pool = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "console-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
    }

    /**
     * Reports the alert ingest: {@code /readyz} is 200 only while it runs at most {@code maxLagRecords}
     * behind, every page shows a banner otherwise, and {@code /metrics} serves {@code registry}.
     */
    public ConsoleServer monitor(Supplier<IngestStatus> status, long maxLagRecords, CollectorRegistry registry) {
        this.ingest = status;
        this.maxLag = maxLagRecords;
        this.metrics = registry;
        return this;
    }

    public ConsoleServer start() {
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    // ------------------------------------------------------------------ dispatch

    private record Req(HttpExchange ex, String method, String path, Map<String, String> query, Map<String, String> form,
            Sessions.Session session, Subject subject, boolean api, boolean bearer) {
        String param(String k) {
            String v = form.get(k);
            return v != null ? v : query.get(k);
        }
    }

    private static final class Redirect extends RuntimeException {
        final String to;

        Redirect(String to) {
            super(null, null, false, false);
            this.to = to;
        }
    }

    /** Closes the exchange only after the error response: a try-with-resources catch would run after close. */
    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            try {
                serve(ex);
            } catch (RuntimeException | IOException e) {
                // never the throwable itself: its message (or a cause's) can quote the request body
                LOG.error("console request failed: {}", SafeErrors.describe(e));
                try {
                    send(ex, 500, "text/plain", "internal error");
                } catch (IOException | RuntimeException ignored) {
                    // response already started
                }
            }
        }
    }

    private void serve(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        URI uri = ex.getRequestURI();
        String path = uri.getPath();
        Map<String, String> query;
        Map<String, String> form = Map.of();
        try {
            query = parseForm(uri.getRawQuery());
        } catch (IllegalArgumentException e) {
            send(ex, 400, "text/plain", "malformed query string");
            return;
        }
        boolean api = path.startsWith("/api/");
        if (method.equals("GET") && probe(ex, path)) {
            return;
        }
        if (method.equals("POST")) {
            byte[] body = readBody(ex.getRequestBody());
            String ct = Optional.ofNullable(ex.getRequestHeaders().getFirst("Content-Type")).orElse("");
            if (ct.startsWith("application/json") && body.length > 0) {
                Map<String, Object> m;
                try {
                    m = JSON.readValue(body, new TypeReference<Map<String, Object>>() { });
                } catch (JsonProcessingException e) {
                    // the parser's message quotes the body: answer without it, log nothing of it
                    sendJson(ex, 400, Map.of("error", "the body is not a JSON object"));
                    return;
                }
                Map<String, String> f = new HashMap<>();
                if (m != null) {
                    m.forEach((k, v) -> f.put(k, v == null ? null : v.toString()));
                }
                form = f;
            } else {
                try {
                    form = parseForm(new String(body, StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    // URLDecoder's message quotes the body
                    send(ex, 400, "text/plain", "malformed form body");
                    return;
                }
            }
        } else if (!method.equals("GET")) {
            send(ex, 405, "text/plain", "method not allowed");
            return;
        }
        if (path.equals("/favicon.ico")) {
            send(ex, 404, "text/plain", "");
            return;
        }
        if (path.equals("/static/console.css")) {
            serveCss(ex);
            return;
        }
        if (path.equals("/login")) {
            if (method.equals("GET")) {
                loginPage(ex, null);
            } else {
                login(ex, form);
            }
            return;
        }
        Sessions.Session session = null;
        Subject subject = null;
        boolean bearer = false;
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (api && auth != null && auth.startsWith("Bearer ")) {
            Optional<Users.Account> acc = users.byToken(auth.substring(7).strip());
            if (acc.isPresent()) {
                subject = new Subject("token:" + acc.get().name(), acc.get().role());
                bearer = true;
            }
        } else {
            session = sessions.find(cookie(ex, Sessions.COOKIE)).orElse(null);
            if (session != null) {
                subject = new Subject(session.user(), session.role());
            }
        }
        if (subject == null) {
            if (api) {
                sendJson(ex, 401, Map.of("error", "authentication required"));
            } else {
                redirect(ex, "/login");
            }
            return;
        }
        if (method.equals("POST") && !bearer) {
            String token = form.get("csrf");
            if (token == null) {
                token = ex.getRequestHeaders().getFirst("X-CSRF-Token");
            }
            if (token == null || !constantEquals(token, session.csrf()) || !sameOrigin(ex)) {
                service.deny(subject, "CSRF_REJECTED", path);
                error(new Req(ex, method, path, query, form, session, subject, api, bearer), 403, "missing or invalid CSRF token");
                return;
            }
        }
        Req req = new Req(ex, method, path, query, form, session, subject, api, bearer);
        try {
            route(req);
        } catch (Forbidden e) {
            error(req, 403, "You are not allowed to do this. The attempt has been recorded.");
        } catch (BadRequest e) {
            error(req, e.status, e.getMessage());
        } catch (Redirect r) {
            redirect(ex, r.to);
        } catch (IllegalArgumentException e) {
            error(req, 400, "bad request");
        }
    }

    // ------------------------------------------------------------------ probes and metrics

    /**
     * {@code /healthz} (the process answers), {@code /readyz} (ingest running and within the lag bound),
     * {@code /metrics} (Prometheus text format). No session needed: counts only, nothing about any child.
     */
    private boolean probe(HttpExchange ex, String path) throws IOException {
        switch (path) {
            case "/healthz" -> send(ex, 200, "text/plain", "ok");
            case "/readyz" -> {
                Supplier<IngestStatus> in = ingest;
                IngestStatus s = in == null ? null : in.get();
                if (s != null && s.ready(maxLag)) {
                    send(ex, 200, "text/plain", "ready: ingest up, lag " + s.lagRecords() + " records");
                } else {
                    send(ex, 503, "text/plain", s == null ? "not ready: no ingest"
                            : !s.up() ? "not ready: ingest down (restarts " + s.restarts() + ")"
                            : "not ready: ingest behind by " + s.lagRecords() + " records (bound " + maxLag + ")");
                }
            }
            case "/metrics" -> {
                ex.getResponseHeaders().set("Content-Type", TextFormat.CONTENT_TYPE_004);
                ex.getResponseHeaders().set("Cache-Control", "no-store");
                ex.sendResponseHeaders(200, 0);
                try (Writer w = new OutputStreamWriter(ex.getResponseBody(), StandardCharsets.UTF_8)) {
                    TextFormat.write004(w, metrics.metricFamilySamples());
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The banner every signed-in page carries while ingest is down or behind: staff must know the queues may be stale. */
    private String ingestBanner() {
        Supplier<IngestStatus> in = ingest;
        if (in == null) {
            return "";
        }
        IngestStatus s = in.get();
        if (!s.up()) {
            return "<p class=\"banner down\" id=ingest-banner role=alert>Alert intake is DOWN"
                    + (s.downSince() == null ? "" : " since " + esc(s.downSince()))
                    + ": new alerts are not reaching this console and these queues may be out of date. It is retrying"
                    + " (restarts so far: " + s.restarts() + "). Tell the on-call engineer.</p>";
        }
        if (s.lagRecords() > maxLag) {
            return "<p class=\"banner behind\" id=ingest-banner role=alert>Alert intake is behind by " + s.lagRecords()
                    + " records: the newest alerts may not be shown yet.</p>";
        }
        return "";
    }

    private void route(Req r) throws IOException {
        String[] p = r.path().split("/");
        List<String> parts = new ArrayList<>();
        for (String s : p) {
            if (!s.isEmpty()) {
                parts.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
            }
        }
        boolean get = r.method().equals("GET");
        if (r.api()) {
            parts.remove(0);
        }
        String head = parts.isEmpty() ? "" : parts.get(0);
        switch (head) {
            case "" -> {
                if (r.subject().role() == Role.ADMIN) {
                    throw new Redirect("/audit");
                }
                throw new Redirect("/queue?tier=" + AccessPolicy.visibleTiers(r.subject().role()).get(0));
            }
            case "logout" -> {
                if (get) {
                    throw new BadRequest(405, "use the logout button");
                }
                sessions.end(r.session() == null ? null : r.session().id());
                service.audit(r.subject(), "LOGOUT", "-", null, "OK");
                r.ex().getResponseHeaders().add("Set-Cookie", Sessions.COOKIE + "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict");
                throw new Redirect("/login");
            }
            case "queue" -> {
                Tier tier = Tier.valueOf(Optional.ofNullable(r.param("tier")).orElse("SAFEGUARDING").toUpperCase(Locale.ROOT));
                boolean all = "all".equals(r.param("status"));
                ConsoleService.QueueView list = service.queue(r.subject(), tier, all);
                if (r.api()) {
                    sendJson(r.ex(), 200, list.alerts().stream().map(a -> summary(a, list.mutes().get(a.alert().conversationId()))).toList());
                } else {
                    queuePage(r, tier, all, list);
                }
            }
            case "alerts" -> {
                if (parts.size() == 1 && r.api() && get) {
                    Tier tier = Tier.valueOf(Optional.ofNullable(r.param("tier")).orElseThrow(
                            () -> new BadRequest(400, "tier=MODERATOR|COUNSELLOR|SAFEGUARDING")).toUpperCase(Locale.ROOT));
                    ConsoleService.QueueView list = service.queue(r.subject(), tier, "all".equals(r.param("status")));
                    sendJson(r.ex(), 200, list.alerts().stream().map(a -> summary(a, list.mutes().get(a.alert().conversationId()))).toList());
                    return;
                }
                if (parts.size() < 2) {
                    throw new BadRequest(404, "not found");
                }
                String id = parts.get(1);
                String sub = parts.size() > 2 ? parts.get(2) : "";
                if (get && sub.isEmpty()) {
                    ConsoleService.AlertView v = service.alert(r.subject(), id);
                    if (r.api()) {
                        sendJson(r.ex(), 200, detail(v));
                    } else {
                        alertPage(r, v, null);
                    }
                } else if (!get && (sub.equals("action") || sub.equals("actions"))) {
                    StaffAction.Type type = StaffAction.Type.valueOf(Optional.ofNullable(r.param("type")).orElse("").toUpperCase(Locale.ROOT));
                    AlertRecord rec = service.act(r.subject(), id, type, r.param("userId"), r.param("note"));
                    if (r.api()) {
                        sendJson(r.ex(), 200, summary(rec, null));
                    } else {
                        throw new Redirect(AccessPolicy.canSeeTier(r.subject().role(), rec.tier())
                                ? "/alerts/" + enc(id) : "/queue?tier=" + r.subject().role().tier());
                    }
                } else if (!get && sub.equals("notes")) {
                    Note n = service.addNote(r.subject(), id, r.param("text"));
                    if (r.api()) {
                        sendJson(r.ex(), 200, n);
                    } else {
                        throw new Redirect("/alerts/" + enc(id));
                    }
                } else if (!get && sub.equals("original")) {
                    String messageId = r.param("messageId");
                    Optional<String> text = service.original(r.subject(), id, messageId, r.param("reason"));
                    if (r.api()) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("messageId", messageId);
                        m.put("found", text.isPresent());
                        m.put("text", text.orElse(null));
                        sendJson(r.ex(), 200, m);
                    } else {
                        alertPage(r, service.alert(r.subject(), id), new String[] {messageId, text.orElse(null)});
                    }
                } else {
                    throw new BadRequest(404, "not found");
                }
            }
            case "held" -> {
                if (get && parts.size() == 1) {
                    List<HeldMessage> list = service.held(r.subject(), !"all".equals(r.param("status")));
                    if (r.api()) {
                        sendJson(r.ex(), 200, list);
                    } else {
                        heldPage(r, list);
                    }
                } else if (!get && parts.size() == 3 && (parts.get(2).equals("release") || parts.get(2).equals("deny"))) {
                    HeldMessage h = service.decideHeld(r.subject(), parts.get(1), parts.get(2).equals("release"));
                    if (r.api()) {
                        sendJson(r.ex(), 200, h);
                    } else {
                        throw new Redirect("/held");
                    }
                } else {
                    throw new BadRequest(404, "not found");
                }
            }
            case "audit" -> {
                List<AuditEntry> log = service.auditLog(r.subject(), 500);
                if (r.api()) {
                    sendJson(r.ex(), 200, log);
                } else {
                    auditPage(r, log);
                }
            }
            default -> throw new BadRequest(404, "not found");
        }
    }

    // ------------------------------------------------------------------ login

    private void loginPage(HttpExchange ex, String message) throws IOException {
        loginPage(ex, message == null ? 200 : 401, message);
    }

    private void loginPage(HttpExchange ex, int status, String message) throws IOException {
        // keep an existing login token: a second tab (or a favicon fetch) must not invalidate the first form
        String existing = cookie(ex, LOGIN_COOKIE);
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
        sendPage(ex, status, "Log in", null, b.toString());
    }

    private void login(HttpExchange ex, Map<String, String> form) throws IOException {
        String cookie = cookie(ex, LOGIN_COOKIE);
        String token = form.get("csrf");
        if (cookie == null || token == null || !constantEquals(cookie, token) || !sameOrigin(ex)) {
            loginPage(ex, "Your login form expired; please try again.");
            return;
        }
        String user = form.getOrDefault("username", "");
        String shown = user.length() > 64 ? user.substring(0, 64) : user;
        if (failures.locked(shown)) {
            service.store().audit(shown, null, "LOGIN", "-", null, "LOCKED");
            loginPage(ex, 429, "Too many failed attempts for this user; try again later.");
            return;
        }
        char[] pw = form.getOrDefault("password", "").toCharArray();
        Optional<Users.Account> acc = users.authenticate(user, pw);
        java.util.Arrays.fill(pw, '\0');
        if (acc.isEmpty()) {
            failures.failed(shown);
            service.store().audit(shown, null, "LOGIN", "-", null, "FAILED");
            loginPage(ex, "Wrong user name or password.");
            return;
        }
        failures.succeeded(shown);
        Sessions.Session s = sessions.create(acc.get());
        service.store().audit(s.user(), s.role(), "LOGIN", "-", null, "OK");
        ex.getResponseHeaders().add("Set-Cookie", Sessions.COOKIE + "=" + s.id() + "; Path=/; Secure; HttpOnly; SameSite=Strict");
        ex.getResponseHeaders().add("Set-Cookie", LOGIN_COOKIE + "=; Path=/login; Max-Age=0; Secure; HttpOnly; SameSite=Strict");
        redirect(ex, "/");
    }

    // ------------------------------------------------------------------ pages

    private void queuePage(Req r, Tier tier, boolean all, ConsoleService.QueueView view) throws IOException {
        List<AlertRecord> list = view.alerts();
        StringBuilder b = new StringBuilder();
        b.append("<h1>").append(esc(tier)).append(" queue</h1>");
        b.append("<p>").append(all ? "<a href=\"/queue?tier=" + tier + "\">open only</a>"
                : "<a href=\"/queue?tier=" + tier + "&amp;status=all\">include resolved and dismissed</a>").append("</p>");
        b.append("<table id=queue><tr><th>Alert</th><th>Tier</th><th>Category</th><th>Status</th><th>Reasons</th>"
                + "<th>Users</th><th>Evidence</th><th>Updated</th><th>Muted</th></tr>");
        for (AlertRecord a : list) {
            b.append("<tr class=alert-row><td><a class=alert-link href=\"/alerts/").append(esc(enc(a.alert().alertId()))).append("\">")
                    .append(esc(a.alert().alertId())).append("</a></td>")
                    .append("<td class=\"tier-").append(a.tier()).append("\">").append(a.tier()).append("</td>")
                    .append("<td>").append(esc(a.alert().category())).append("</td>")
                    .append("<td class=\"status-").append(a.status()).append("\">").append(a.status()).append("</td>")
                    .append("<td>").append(esc(String.join("; ", a.alert().reasonCodes()))).append("</td>")
                    .append("<td>").append(esc(String.join(", ", a.alert().subjectUserIds()))).append("</td>")
                    .append("<td>").append(a.alert().evidence().size()).append("</td>")
                    .append("<td>").append(esc(a.lastActivity())).append("</td>")
                    .append("<td class=muted-until>").append(muteText(view.mutes().get(a.alert().conversationId()))).append("</td></tr>");
        }
        b.append("</table>");
        if (list.isEmpty()) {
            b.append("<p class=muted id=empty>No alerts.</p>");
        }
        sendPage(r.ex(), 200, tier + " queue", r, b.toString());
    }

    private void alertPage(Req r, ConsoleService.AlertView v, String[] original) throws IOException {
        AlertRecord a = v.record();
        String id = a.alert().alertId();
        String base = "/alerts/" + esc(enc(id));
        StringBuilder b = new StringBuilder();
        b.append("<h1>Alert <span id=alert-id>").append(esc(id)).append("</span></h1>");
        b.append("<div class=box><p>Tier <b class=\"tier-").append(a.tier()).append("\">").append(a.tier()).append("</b>")
                .append(" &middot; category <b>").append(esc(a.alert().category())).append("</b>")
                .append(" &middot; status <b id=status>").append(a.status()).append("</b>")
                .append(" &middot; conversation ").append(esc(a.alert().conversationId()))
                .append(" &middot; users ").append(esc(String.join(", ", a.alert().subjectUserIds()))).append("</p>")
                .append("<p>Raised ").append(esc(a.alert().createdAt())).append(", updated ").append(esc(a.alert().updatedAt()))
                .append(" (sequence ").append(a.alert().sequence()).append(", rule pack ").append(esc(a.alert().rulePackVersion())).append(")</p>")
                .append("<h2>Reasons</h2><ul id=reasons>");
        for (String c : a.alert().reasonCodes()) {
            b.append("<li>").append(esc(c)).append("</li>");
        }
        b.append("</ul></div>");
        if (v.mute() != null) {
            b.append("<p class=mute id=mute>Conversation muted by ").append(muteText(v.mute())).append(
                    ". Only ").append(esc(v.mute().category())).append(" concerns at or below that tier are held back;"
                    + " anything more serious still raises an alert.</p>");
        }
        b.append("<h2>Evidence (masked)</h2>");
        if (a.evidencePurged()) {
            b.append("<p class=muted>Some evidence was deleted by retention (chat records are kept one year).</p>");
        }
        b.append("<table id=evidence><tr><th>Message</th><th>Sender</th><th>Masked excerpt</th><th>Sent</th>")
                .append(v.canViewOriginal() ? "<th>Original text</th>" : "").append("</tr>");
        for (Evidence e : a.alert().evidence()) {
            b.append("<tr><td>").append(esc(e.messageId())).append("</td><td>").append(esc(e.senderId())).append("</td><td>")
                    .append(esc(e.maskedExcerpt())).append("</td><td>").append(esc(e.sentAt())).append("</td>");
            if (v.canViewOriginal()) {
                b.append("<td><form method=post action=\"").append(base).append("/original\">").append(csrf(r))
                        .append("<input type=hidden name=messageId value=\"").append(esc(e.messageId())).append("\">")
                        .append("<input type=text name=reason required minlength=10 placeholder=\"Why you need to see exactly what was said\">")
                        .append("<button>Show exactly what was said</button></form></td>");
            }
            b.append("</tr>");
        }
        b.append("</table>");
        if (original != null) {
            b.append("<h2>Original text of ").append(esc(original[0])).append("</h2>");
            b.append(original[1] == null ? "<p class=error>Not found on the input topics (past retention?).</p>"
                    : "<div class=original id=original>" + esc(original[1]) + "</div>");
            b.append("<p class=muted>This view was recorded in the audit log with your name, the time and your reason.</p>");
        }
        b.append("<h2>Actions</h2><div class=\"actions box\">");
        Role role = r.subject().role();
        for (StaffAction.Type t : new StaffAction.Type[] {StaffAction.Type.ACKNOWLEDGE_ALERT, StaffAction.Type.ESCALATE_ALERT,
                StaffAction.Type.MUTE_CONVERSATION, StaffAction.Type.UNMUTE_CONVERSATION}) {
            if (AccessPolicy.canAct(role, a.tier(), t)) {
                b.append(actionForm(r, base, t, null, null));
            }
        }
        for (String u : a.alert().subjectUserIds()) {
            b.append(actionForm(r, base, StaffAction.Type.BLOCK_USER, u, null));
            b.append(actionForm(r, base, StaffAction.Type.UNBLOCK_USER, u, null));
        }
        b.append("</div><div class=\"actions box\">");
        for (StaffAction.Type t : new StaffAction.Type[] {StaffAction.Type.RESOLVE_ALERT, StaffAction.Type.DISMISS_ALERT}) {
            if (AccessPolicy.canAct(role, a.tier(), t)) {
                b.append(actionForm(r, base, t, null, "note"));
            }
        }
        b.append("</div>");
        b.append("<h2>Notes</h2><ul id=notes>");
        for (Note n : v.notes()) {
            b.append("<li><b>").append(esc(n.authorId())).append("</b> (").append(n.authorRole()).append(", ").append(esc(n.at()))
                    .append("): ").append(esc(n.text())).append("</li>");
        }
        b.append("</ul><form method=post action=\"").append(base).append("/notes\">").append(csrf(r))
                .append("<textarea name=text required></textarea> <button>Add note</button></form>");
        b.append("<h2>History</h2><ul id=history>");
        for (AlertRecord.HistoryEntry h : a.history()) {
            b.append("<li>").append(esc(h.at())).append(" ").append(esc(h.event())).append(" (seq ").append(h.sequence()).append(")")
                    .append(h.staffId() == null ? "" : " by " + esc(h.staffId())).append("</li>");
        }
        b.append("</ul>");
        sendPage(r.ex(), 200, "Alert " + id, r, b.toString());
    }

    private String actionForm(Req r, String base, StaffAction.Type t, String user, String noteField) {
        String label = switch (t) {
            case ACKNOWLEDGE_ALERT -> "Acknowledge";
            case ESCALATE_ALERT -> "Escalate to next tier";
            case RESOLVE_ALERT -> "Resolve";
            case DISMISS_ALERT -> "Dismiss";
            case BLOCK_USER -> "Block " + user;
            case UNBLOCK_USER -> "Unblock " + user;
            case MUTE_CONVERSATION -> "Mute conversation";
            case UNMUTE_CONVERSATION -> "Unmute conversation";
            default -> t.name();
        };
        StringBuilder b = new StringBuilder("<form method=post action=\"").append(base).append("/action\">").append(csrf(r))
                .append("<input type=hidden name=type value=").append(t.name()).append(">");
        if (user != null) {
            b.append("<input type=hidden name=userId value=\"").append(esc(user)).append("\">");
        }
        if (noteField != null) {
            b.append("<input type=text name=note required id=\"note-").append(t.name()).append("\" placeholder=\"Note (required)\"> ");
        }
        return b.append("<button id=\"do-").append(t.name()).append(user == null ? "" : "-" + esc(user)).append("\">")
                .append(esc(label)).append("</button></form>").toString();
    }

    private void heldPage(Req r, List<HeldMessage> list) throws IOException {
        StringBuilder b = new StringBuilder("<h1>Held messages</h1><p class=muted>The site shows nothing for these until "
                + "released; released messages are shown as below (masked spans stay masked).</p>");
        b.append("<table id=held><tr><th>Message</th><th>Kind</th><th>Conversation</th><th>Sender</th><th>Categories</th>"
                + "<th>Would show</th><th>Status</th><th></th></tr>");
        for (HeldMessage h : list) {
            String base = "/held/" + esc(enc(h.decision().id()));
            b.append("<tr><td>").append(esc(h.decision().id())).append("</td><td>").append(esc(h.decision().kind()))
                    .append("</td><td>").append(esc(h.decision().conversationId())).append("</td><td>").append(esc(h.decision().senderId()))
                    .append("</td><td>").append(esc(h.decision().categories())).append("</td><td>").append(esc(h.decision().displayText()))
                    .append("</td><td>").append(h.status()).append(h.decidedBy() == null ? "" : " by " + esc(h.decidedBy())).append("</td><td class=actions>");
            if (h.status() == HeldMessage.Status.PENDING) {
                b.append("<form method=post action=\"").append(base).append("/release\">").append(csrf(r)).append("<button>Approve</button></form>")
                        .append("<form method=post action=\"").append(base).append("/deny\">").append(csrf(r)).append("<button>Deny</button></form>");
            }
            b.append("</td></tr>");
        }
        b.append("</table><p><a href=\"/held?status=all\">include decided</a></p>");
        sendPage(r.ex(), 200, "Held messages", r, b.toString());
    }

    private void auditPage(Req r, List<AuditEntry> log) throws IOException {
        StringBuilder b = new StringBuilder("<h1>Audit log</h1><table id=audit><tr><th>#</th><th>When</th><th>Who</th><th>Role</th>"
                + "<th>What</th><th>Target</th><th>Why</th><th>Outcome</th></tr>");
        for (AuditEntry e : log) {
            b.append("<tr><td>").append(e.seq()).append("</td><td>").append(esc(e.at())).append("</td><td>").append(esc(e.user()))
                    .append("</td><td>").append(esc(e.role())).append("</td><td>").append(esc(e.action())).append("</td><td>")
                    .append(esc(e.target())).append("</td><td>").append(esc(e.reason())).append("</td><td>").append(esc(e.outcome()))
                    .append("</td></tr>");
        }
        sendPage(r.ex(), 200, "Audit log", r, b.append("</table>").toString());
    }

    private void sendPage(HttpExchange ex, int status, String title, Req r, String body) throws IOException {
        StringBuilder b = new StringBuilder("<!doctype html><html lang=en><head><meta charset=utf-8><title>")
                .append(esc(title)).append(" - ChatGuard</title><link rel=stylesheet href=\"/static/console.css\"></head><body><header>")
                .append("<b>ChatGuard</b>");
        if (r != null && r.subject() != null) {
            Role role = r.subject().role();
            for (Tier t : AccessPolicy.visibleTiers(role)) {
                b.append("<a href=\"/queue?tier=").append(t).append("\">").append(t).append("</a>");
            }
            if (AccessPolicy.canSeeHeld(role)) {
                b.append("<a href=\"/held\">Held messages</a>");
            }
            if (AccessPolicy.canSeeAudit(role)) {
                b.append("<a href=\"/audit\">Audit log</a>");
            }
            b.append("<span class=who id=who>").append(esc(r.subject().user())).append(" (").append(role).append(")</span>");
            if (r.session() != null) {
                b.append("<form method=post action=/logout>").append(csrf(r)).append("<button>Log out</button></form>");
            }
        }
        b.append("</header>");
        if (r != null && r.subject() != null) {
            b.append(ingestBanner());
        }
        b.append("<main>").append(body).append("</main></body></html>");
        send(ex, status, "text/html; charset=utf-8", b.toString());
    }

    private void error(Req r, int status, String message) throws IOException {
        if (r.api()) {
            sendJson(r.ex(), status, Map.of("error", message));
        } else {
            sendPage(r.ex(), status, "Error " + status, r, "<h1>" + status + "</h1><p class=error id=error>" + esc(message) + "</p>");
        }
    }

    private static String csrf(Req r) {
        return r.session() == null ? "" : "<input type=hidden name=csrf value=\"" + esc(r.session().csrf()) + "\">";
    }

    // ------------------------------------------------------------------ JSON views

    /** "who (ROLE) until when", or empty: what a mute looks like in the queue and on the alert page. */
    private static String muteText(org.chatguard.console.store.Mute m) {
        return m == null ? "" : esc(m.staffId()) + " (" + m.staffRole() + ") until " + esc(m.until());
    }

    private static Map<String, Object> summary(AlertRecord a, org.chatguard.console.store.Mute mute) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alertId", a.alert().alertId());
        m.put("sequence", a.alert().sequence());
        m.put("tier", a.tier());
        m.put("category", a.alert().category());
        m.put("status", a.status());
        m.put("conversationId", a.alert().conversationId());
        m.put("subjectUserIds", a.alert().subjectUserIds());
        m.put("reasonCodes", a.alert().reasonCodes());
        m.put("createdAt", a.alert().createdAt());
        m.put("lastActivity", a.lastActivity());
        if (mute != null) {
            m.put("mutedBy", mute.staffId());
            m.put("mutedByRole", mute.staffRole());
            m.put("mutedUntil", mute.until());
        }
        return m;
    }

    private static Map<String, Object> detail(ConsoleService.AlertView v) {
        Map<String, Object> m = summary(v.record(), v.mute());
        m.put("evidence", v.record().alert().evidence());
        m.put("evidencePurged", v.record().evidencePurged());
        m.put("history", v.record().history());
        m.put("notes", v.notes());
        return m;
    }

    // ------------------------------------------------------------------ HTTP plumbing

    private void serveCss(HttpExchange ex) throws IOException {
        try (InputStream in = ConsoleServer.class.getResourceAsStream("/org/chatguard/console/console.css")) {
            byte[] css = in.readAllBytes();
            ex.getResponseHeaders().set("Content-Type", "text/css; charset=utf-8");
            ex.getResponseHeaders().set("Cache-Control", "max-age=3600");
            ex.sendResponseHeaders(200, css.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(css);
            }
        }
    }

    private static void sendJson(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json", EventJson.toJson(body));
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        var h = ex.getResponseHeaders();
        h.set("Content-Type", type);
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        // same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on form posts
        h.set("Referrer-Policy", "same-origin");
        h.set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'");
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        }
    }

    private static void redirect(HttpExchange ex, String to) throws IOException {
        ex.getResponseHeaders().set("Location", to);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(303, -1);
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] b = in.readNBytes(256 * 1024 + 1);
        if (b.length > 256 * 1024) {
            throw new IOException("request body too large");
        }
        return b;
    }

    static Map<String, String> parseForm(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String kv : raw.split("&")) {
            int i = kv.indexOf('=');
            String k = URLDecoder.decode(i < 0 ? kv : kv.substring(0, i), StandardCharsets.UTF_8);
            String v = i < 0 ? "" : URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8);
            m.putIfAbsent(k, v);
        }
        return m;
    }

    private static String cookie(HttpExchange ex, String name) {
        List<String> headers = ex.getRequestHeaders().get("Cookie");
        if (headers == null) {
            return null;
        }
        for (String h : headers) {
            for (String c : h.split(";")) {
                String t = c.strip();
                if (t.startsWith(name + "=")) {
                    return t.substring(name.length() + 1);
                }
            }
        }
        return null;
    }

    /** Browsers send Origin on POST: when present it must be this server. */
    private static boolean sameOrigin(HttpExchange ex) {
        String origin = ex.getRequestHeaders().getFirst("Origin");
        String host = ex.getRequestHeaders().getFirst("Host");
        if (origin == null) {
            return true;
        }
        try {
            URI o = URI.create(origin);
            String oh = o.getHost() + (o.getPort() < 0 ? "" : ":" + o.getPort());
            return host != null && host.equalsIgnoreCase(oh);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean constantEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }


}
