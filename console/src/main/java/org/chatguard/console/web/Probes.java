package org.chatguard.console.web;

import static org.chatguard.console.web.Html.esc;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;

import org.chatguard.console.IngestStatus;

/**
 * {@code /healthz} (the process answers), {@code /readyz} (ingest running and within the lag bound),
 * {@code /metrics} (Prometheus text format), and the ingest banner for the pages. No session needed:
 * counts only, nothing about any child.
 */
final class Probes implements HttpHandler {

    /** Ingest health; null when this server is not fed by an ingestor (tests). */
    private volatile Supplier<IngestStatus> ingest;
    private volatile long maxLag;
    private volatile CollectorRegistry metrics = new CollectorRegistry();

    void monitor(Supplier<IngestStatus> status, long maxLagRecords, CollectorRegistry registry) {
        this.ingest = status;
        this.maxLag = maxLagRecords;
        this.metrics = registry;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("GET")) {
            Http.send(ex, 405, "text/plain", "method not allowed");
            return;
        }
        switch (ex.getRequestURI().getPath()) {
            case "/healthz" -> Http.send(ex, 200, "text/plain", "ok");
            case "/readyz" -> readyz(ex);
            case "/metrics" -> {
                ex.getResponseHeaders().set("Content-Type", TextFormat.CONTENT_TYPE_004);
                ex.getResponseHeaders().set("Cache-Control", "no-store");
                ex.sendResponseHeaders(200, 0);
                try (Writer w = new OutputStreamWriter(ex.getResponseBody(), StandardCharsets.UTF_8)) {
                    TextFormat.write004(w, metrics.metricFamilySamples());
                }
            }
            default -> Http.send(ex, 404, "text/plain", "not found");
        }
    }

    private void readyz(HttpExchange ex) throws IOException {
        Supplier<IngestStatus> in = ingest;
        IngestStatus s = in == null ? null : in.get();
        if (s != null && s.ready(maxLag)) {
            Http.send(ex, 200, "text/plain", "ready: ingest up, lag " + s.lagRecords() + " records");
        } else {
            Http.send(ex, 503, "text/plain", s == null ? "not ready: no ingest"
                    : !s.up() ? "not ready: ingest down (restarts " + s.restarts() + ")"
                    : "not ready: ingest behind by " + s.lagRecords() + " records (bound " + maxLag + ")");
        }
    }

    /** The banner every signed-in page carries while ingest is down or behind: staff must know the queues may be stale. */
    String banner() {
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
}
