package org.chatguard.console;

import static org.chatguard.console.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import io.prometheus.client.Collector;
import org.chatguard.console.store.AlertStatus;
import org.chatguard.console.store.AlertStore;
import org.chatguard.model.Category;
import org.chatguard.model.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue gauge the {@code ChatGuardSafeguardingAlertOverdue} alerting rule reads: open alerts per tier, split
 * by whether their acknowledgement deadline has passed; acknowledged ones are not counted.
 */
class ConsoleMetricsTest {

    @TempDir
    Path dir;

    @Test
    void countsOpenAlertsPerTierAndWhetherTheyAreOverdue() {
        Clock now = Clock.fixed(T0.plus(Duration.ofMinutes(20)), ZoneOffset.UTC);
        try (AlertStore s = AlertStore.open(dir, now)) {
            // due 15 min after T0: overdue at T0+20m
            s.applyAlert(Fixtures.alert("late", 1, Tier.SAFEGUARDING, Category.GROOMING, T0)
                    .withClock(T0.plus(Duration.ofMinutes(15)), false), "staff-alerts", 0, 0);
            // due 30 min after T0: not yet
            s.applyAlert(Fixtures.alert("soon", 1, Tier.SAFEGUARDING, Category.ABUSE_DISCLOSURE, T0)
                    .withClock(T0.plus(Duration.ofMinutes(30)), false), "staff-alerts", 0, 1);
            // overdue but acknowledged: nobody needs paging
            s.applyAlert(Fixtures.alert("acked", 1, Tier.COUNSELLOR, Category.SELF_HARM, T0)
                    .withClock(T0.plus(Duration.ofMinutes(10)), false), "staff-alerts", 0, 2);
            s.recordAction("acked", "acknowledged", AlertStatus.ACKNOWLEDGED, null, "s-c");
            // no clock (e.g. the stateless decider): open, never overdue
            s.applyAlert(Fixtures.alert("noclock", 1, Tier.MODERATOR, Category.INSULT, T0), "staff-alerts", 0, 3);

            ConsoleMetrics m = new ConsoleMetrics(
                    () -> new IngestStatus(true, 0, null, null, 0, null, null, 0, 0, 0), now, t -> s.alerts(t, AlertStatus.OPEN));
            Map<String, Double> got = new HashMap<>();
            for (Collector.MetricFamilySamples f : collectQueueOnly(m)) {
                for (Collector.MetricFamilySamples.Sample x : f.samples) {
                    got.put(x.labelValues.get(0) + "/" + x.labelValues.get(1), x.value);
                }
            }
            assertEquals(Map.of("SAFEGUARDING/true", 1.0, "SAFEGUARDING/false", 1.0,
                    "COUNSELLOR/true", 0.0, "COUNSELLOR/false", 0.0,
                    "MODERATOR/true", 0.0, "MODERATOR/false", 1.0), got);
        }
    }

    private static java.util.List<Collector.MetricFamilySamples> collectQueueOnly(ConsoleMetrics m) {
        return m.collect().stream().filter(f -> f.name.equals("chatguard_console_unacknowledged_alerts")).toList();
    }
}
