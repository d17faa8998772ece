package org.chatguard.console.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.prometheus.client.CollectorRegistry;

import org.chatguard.console.ConsoleService;
import org.chatguard.console.IngestStatus;
import org.chatguard.console.auth.Sessions;
import org.chatguard.console.auth.Users;

/**
 * The staff web console and its JSON API on the JDK's HTTP server: only the wiring. Server-rendered
 * pages, one local stylesheet, no scripts, nothing from a CDN.
 * <ul>
 *   <li>{@code /healthz}, {@code /readyz}, {@code /metrics}: {@link Probes}, no login.</li>
 *   <li>{@code /login}: {@link LoginHandler} (PBKDF2 hashes from the users file, lockout).</li>
 *   <li>everything else: {@link AuthFilter} (session cookie {@code Secure; HttpOnly; SameSite=Strict} or
 *       bearer token on the API; CSRF on every session POST), then the {@link Router} to one
 *       {@link Route} per page/API resource.</li>
 * </ul>
 * Every context runs behind the {@link ErrorFilter}. Access decisions and every audit line are
 * {@link ConsoleService}'s; refusals are 403. Pages are {@code no-store} with a strict Content-Security-Policy.
 */
public final class ConsoleServer implements AutoCloseable {

    static final int MAX_FAILURES = LoginHandler.MAX_FAILURES;

    private final HttpServer server;
    private final ExecutorService pool;
    private final Probes probes = new Probes();

    public ConsoleServer(InetSocketAddress bind, ConsoleService service, Users users, Sessions sessions) throws IOException {
        this(bind, service, users, sessions, null);
    }

    /** @param tls HTTPS when not null (what production should use: the session cookie is {@code Secure}) */
    public ConsoleServer(InetSocketAddress bind, ConsoleService service, Users users, Sessions sessions, SSLContext tls)
            throws IOException {
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
        Layout layout = new Layout(probes);
        QueueRoute queue = new QueueRoute(service, layout);
        Router router = new Router(Map.of(
                "", HomeRoutes.home(),
                "logout", HomeRoutes.logout(service, sessions),
                "queue", queue,
                "alerts", new AlertRoute(service, layout, queue),
                "held", new HeldRoute(service, layout),
                "audit", new AuditRoute(service, layout)), layout);
        context("/", router).getFilters().add(new AuthFilter(service, users, sessions, layout));
        context("/login", new LoginHandler(service, users, sessions, layout));
        context("/static/console.css", ConsoleServer::serveCss);
        for (String probe : new String[] {"/healthz", "/readyz", "/metrics"}) {
            context(probe, probes);
        }
    }

    private HttpContext context(String path, HttpHandler handler) {
        HttpContext c = server.createContext(path, handler);
        c.getFilters().add(new ErrorFilter());
        return c;
    }

    /**
     * Reports the alert ingest: {@code /readyz} is 200 only while it runs at most {@code maxLagRecords}
     * behind, every page shows a banner otherwise, and {@code /metrics} serves {@code registry}.
     */
    public ConsoleServer monitor(Supplier<IngestStatus> status, long maxLagRecords, CollectorRegistry registry) {
        probes.monitor(status, maxLagRecords, registry);
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

    private static void serveCss(HttpExchange ex) throws IOException {
        if (!ex.getRequestURI().getPath().equals("/static/console.css")) {
            Http.send(ex, 404, "text/plain", "not found");
            return;
        }
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
}
