package org.chatguard.console;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import org.chatguard.console.store.AlertRecord;
import org.chatguard.model.Tier;

/**
 * The console's Prometheus metrics (simpleclient 0.16), read from the ingest status at scrape time.
 * Counts and ages only; no ids, no labels with content. {@code chatguard_console_unacknowledged_alerts} is what
 * the {@code ChatGuardSafeguardingAlertOverdue} alerting rule (docker/prometheus/alerts.yml) pages on.
 */
public final class ConsoleMetrics extends Collector {

    private final Supplier<IngestStatus> ingest;
    private final Clock clock;

    /** The open (not yet acknowledged or claimed) alerts of a tier; null: the queue gauge is left out. */
    private final Function<Tier, List<AlertRecord>> open;

    public ConsoleMetrics(Supplier<IngestStatus> ingest, Clock clock) {
        this(ingest, clock, null);
    }

    public ConsoleMetrics(Supplier<IngestStatus> ingest, Clock clock, Function<Tier, List<AlertRecord>> openAlerts) {
        this.ingest = ingest;
        this.clock = clock;
        this.open = openAlerts;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        IngestStatus s = ingest.get();
        List<MetricFamilySamples> out = new ArrayList<>(List.of(
                new GaugeMetricFamily("chatguard_console_ingest_up",
                        "1 while the alert ingest consumer is running, 0 while it is down or restarting", s.up() ? 1 : 0),
                new GaugeMetricFamily("chatguard_console_ingest_lag_records",
                        "records on staff-alerts and decisions not yet in the console store (-1: unknown, ingest down)", s.lagRecords()),
                new GaugeMetricFamily("chatguard_console_last_applied_age_seconds",
                        "seconds since the Kafka timestamp of the last record stored (-1: none yet)", s.lastAppliedAgeSeconds(clock.instant())),
                new CounterMetricFamily("chatguard_console_ingest_restarts_total",
                        "ingest consumer restarts after a failure", s.restarts()),
                new CounterMetricFamily("chatguard_console_ingest_records_total",
                        "records read from staff-alerts and decisions (a record retried after a failure counts again)", s.recordsSeen()),
                new CounterMetricFamily("chatguard_console_ingest_unreadable_total",
                        "records skipped because they could not be read", s.recordsUnreadable())));
        if (open != null) {
            out.add(unacknowledged(clock.instant()));
        }
        return out;
    }

    /** Per tier, open alerts past their acknowledgement deadline and within it (both series always present). */
    private GaugeMetricFamily unacknowledged(Instant now) {
        GaugeMetricFamily g = new GaugeMetricFamily("chatguard_console_unacknowledged_alerts",
                "alerts nobody has acknowledged or claimed yet, by tier and whether their deadline has passed",
                List.of("tier", "overdue"));
        for (Tier t : Tier.values()) {
            int overdue = 0;
            int due = 0;
            for (AlertRecord a : open.apply(t)) {
                if (a.overdueAt(now)) {
                    overdue++;
                } else {
                    due++;
                }
            }
            g.addMetric(List.of(t.name(), "true"), overdue);
            g.addMetric(List.of(t.name(), "false"), due);
        }
        return g;
    }
}
