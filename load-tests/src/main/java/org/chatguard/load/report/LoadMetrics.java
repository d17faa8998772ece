package org.chatguard.load.report;

import java.io.IOException;
import java.net.InetSocketAddress;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;
import io.prometheus.client.exporter.HTTPServer;
import io.prometheus.client.hotspot.DefaultExports;

import org.chatguard.load.latency.IntervalSample;

/**
 * The load tool's own Prometheus metrics, served on {@code 127.0.0.1:<port>/metrics} while it runs, so
 * a dashboard can show the tool's view (sent, decided, latency) next to the job's.
 */
public final class LoadMetrics implements AutoCloseable {

    private final CollectorRegistry registry = new CollectorRegistry(true);
    final Counter sent = Counter.build("chatguard_load_sent_total", "Messages handed to the producer.")
            .labelNames("run").register(registry);
    final Counter decided = Counter.build("chatguard_load_decisions_total", "First-time decisions matched to a sent message.")
            .register(registry);
    final Histogram latency = Histogram.build("chatguard_load_latency_seconds",
                    "End-to-end latency from intended send time to decision (coordinated-omission corrected).")
            .buckets(0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30)
            .register(registry);
    final Gauge targetRate = Gauge.build("chatguard_load_target_rate", "Scheduled messages per second of the current run.")
            .register(registry);
    final Gauge pending = Gauge.build("chatguard_load_pending", "Messages sent and not yet decided.").register(registry);
    final Gauge intervalLatency = Gauge.build("chatguard_load_interval_latency_seconds",
                    "Latency percentiles of the last sampling interval.")
            .labelNames("quantile").register(registry);
    final Gauge sendLag = Gauge.build("chatguard_load_send_lag_seconds",
            "How late the sender was against the schedule at its last send.").register(registry);

    private final HTTPServer server;

    /** @param port 0 = do not serve (metrics still collected) */
    public LoadMetrics(int port) throws IOException {
        if (port > 0) {
            DefaultExports.register(registry);
            server = new HTTPServer(new InetSocketAddress("127.0.0.1", port), registry, true);
        } else {
            server = null;
        }
    }

    public int port() {
        return server == null ? 0 : server.getPort();
    }

    public CollectorRegistry registry() {
        return registry;
    }

    /** The counter of one run's sends (cached by the caller: label lookup per send is avoidable). */
    public Counter.Child sentCounter(String run) {
        return sent.labels(run);
    }

    public void sendLag(long lateNanos) {
        sendLag.set(lateNanos / 1e9);
    }

    public void completed(long latencyNanos) {
        decided.inc();
        latency.observe(latencyNanos / 1e9);
    }

    public void interval(IntervalSample s) {
        targetRate.set(s.targetRate());
        pending.set(s.pending());
        intervalLatency.labels("0.5").set(s.p50Ms() / 1000);
        intervalLatency.labels("0.99").set(s.p99Ms() / 1000);
        intervalLatency.labels("1.0").set(s.maxMs() / 1000);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
