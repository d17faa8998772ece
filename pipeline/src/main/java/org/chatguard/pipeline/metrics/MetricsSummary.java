package org.chatguard.pipeline.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A few readable lines of ChatGuard's metrics from a scrape, summed over subtasks (what the demo prints). */
public final class MetricsSummary {

    private MetricsSummary() {
    }

    public static List<String> lines(List<Prometheus.Sample> samples) {
        List<String> out = new ArrayList<>();
        line(out, samples, "messages in", ChatGuardMetrics.KIND, ChatGuardMetrics.MESSAGES_IN);
        line(out, samples, "decisions", ChatGuardMetrics.ACTION, ChatGuardMetrics.DECISIONS);
        line(out, samples, "rule hits", ChatGuardMetrics.CATEGORY, ChatGuardMetrics.RULE_HITS);
        line(out, samples, "alerts", ChatGuardMetrics.TIER, ChatGuardMetrics.ALERTS);
        line(out, samples, "dead letters", ChatGuardMetrics.REASON, ChatGuardMetrics.DEAD_LETTERS);
        String latency = ChatGuardMetrics.prometheusName(null, ChatGuardMetrics.DECISION_LATENCY_MS);
        Map<String, Double> q = new TreeMap<>();
        for (Prometheus.Sample s : samples) {
            if (s.name().equals(latency) && s.label("quantile") != null) {
                q.merge(s.label("quantile"), s.value(), Math::max);
            }
        }
        if (!q.isEmpty()) {
            out.add(String.format("  %-13s p50 %.0f ms, p99 %.0f ms (sentAt to decision, worst subtask)", "latency",
                    q.getOrDefault("0.5", Double.NaN), q.getOrDefault("0.99", Double.NaN)));
        }
        return out;
    }

    private static void line(List<String> out, List<Prometheus.Sample> samples, String title, String key, String metric) {
        String name = ChatGuardMetrics.prometheusName(key, metric);
        Map<String, Double> byLabel = new TreeMap<>();
        for (Prometheus.Sample s : samples) {
            if (s.name().equals(name) && s.label(key) != null) {
                byLabel.merge(s.label(key), s.value(), Double::sum);
            }
        }
        StringBuilder b = new StringBuilder();
        byLabel.forEach((label, v) -> {
            if (v > 0) {
                b.append(b.length() == 0 ? "" : ", ").append(label).append('=').append(Math.round(v));
            }
        });
        out.add(String.format("  %-13s %s", title, b.length() == 0 ? "0" : b));
    }
}
