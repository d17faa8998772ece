package org.chatguard.pipeline.metrics;

import java.time.Duration;
import java.time.Instant;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

import org.chatguard.model.Action;
import org.chatguard.model.Decision;
import org.chatguard.model.StaffAlert;
import org.chatguard.model.Tier;

/**
 * Metrics of the stage that turns verdicts into decisions and alerts: decisions per action, alerts per
 * tier, and event-time-to-decision latency. Any stage that emits decisions (the per-message
 * {@code DecideFunction}, or a stateful conversation stage instead of it) registers one and calls
 * {@link #decision} and {@link #alert}.
 */
public final class DecisionMetrics {

    /** Latency samples kept for the quantiles of the Flink histogram (per subtask). */
    static final int LATENCY_WINDOW = 10_000;

    private final Counter[] byAction = new Counter[Action.values().length];
    private final Counter[] byTier = new Counter[Tier.values().length];
    private final Histogram latencyMs;
    private final long[] bucketBoundsMs;
    private final Counter[] latencyBuckets;

    public DecisionMetrics(MetricGroup operatorGroup) {
        MetricGroup group = operatorGroup.addGroup(ChatGuardMetrics.GROUP);
        for (Action a : Action.values()) {
            byAction[a.ordinal()] = group.addGroup(ChatGuardMetrics.ACTION, a.name()).counter(ChatGuardMetrics.DECISIONS);
        }
        for (Tier t : Tier.values()) {
            byTier[t.ordinal()] = group.addGroup(ChatGuardMetrics.TIER, t.name()).counter(ChatGuardMetrics.ALERTS);
        }
        latencyMs = group.histogram(ChatGuardMetrics.DECISION_LATENCY_MS, new DescriptiveStatisticsHistogram(LATENCY_WINDOW));
        double[] bounds = ChatGuardMetrics.LATENCY_BUCKETS_SECONDS;
        bucketBoundsMs = new long[bounds.length];
        latencyBuckets = new Counter[bounds.length + 1];
        for (int i = 0; i < bounds.length; i++) {
            bucketBoundsMs[i] = Math.round(bounds[i] * 1000);
            latencyBuckets[i] = group.addGroup(ChatGuardMetrics.LE, ChatGuardMetrics.bucketLabel(bounds[i]))
                    .counter(ChatGuardMetrics.DECISION_LATENCY_BUCKET);
        }
        latencyBuckets[bounds.length] = group.addGroup(ChatGuardMetrics.LE, "+Inf").counter(ChatGuardMetrics.DECISION_LATENCY_BUCKET);
    }

    /** Counts a decision and its event-time latency (sentAt to decidedAt). */
    public void decision(Decision d) {
        byAction[d.action().ordinal()].inc();
        if (d.sentAt() != null && d.decidedAt() != null) {
            latency(Duration.between(d.sentAt(), d.decidedAt()).toMillis());
        }
    }

    void latency(long ms) {
        long v = Math.max(0, ms); // clocks of the site and the cluster may disagree a little
        latencyMs.update(v);
        int i = 0;
        while (i < bucketBoundsMs.length && v > bucketBoundsMs[i]) {
            i++;
        }
        for (; i < latencyBuckets.length; i++) {
            latencyBuckets[i].inc();
        }
    }

    public void alert(StaffAlert a) {
        byTier[a.tier().ordinal()].inc();
    }

    /** Instant-based convenience for stages that decide on their own clock. */
    public void latency(Instant sentAt, Instant decidedAt) {
        latency(Duration.between(sentAt, decidedAt).toMillis());
    }
}
