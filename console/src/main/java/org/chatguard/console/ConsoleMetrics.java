package org.chatguard.console;

import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;

/**
 * The console's Prometheus metrics (simpleclient 0.16), read from the ingest status at scrape time.
 * Counts and ages only; no ids, no labels with content.
 */
public final class ConsoleMetrics extends Collector {

    private final Supplier<IngestStatus> ingest;
    private final Clock clock;

    public ConsoleMetrics(Supplier<IngestStatus> ingest, Clock clock) {
        this.ingest = ingest;
        this.clock = clock;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        IngestStatus s = ingest.get();
        return List.of(
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
                        "records skipped because they could not be read", s.recordsUnreadable()));
    }
}
