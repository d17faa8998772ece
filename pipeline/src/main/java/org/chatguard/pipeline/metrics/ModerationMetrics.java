package org.chatguard.pipeline.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.Decision;
import org.chatguard.model.RuleMatch;
import org.chatguard.model.StaffAlert;
import org.chatguard.model.Tier;

/**
 * Metrics of the moderation stage: decisions per action, rule hits per category, alerts per tier,
 * engine errors, event-time-to-decision latency, and which rule-pack version is in use.
 */
public final class ModerationMetrics {

    /** Latency samples kept for the quantiles of the Flink histogram (per subtask). */
    static final int LATENCY_WINDOW = 10_000;

    private final MetricGroup group;
    private final Counter[] byAction = new Counter[Action.values().length];
    private final Counter[] byCategory = new Counter[Category.values().length];
    private final Counter[] byTier = new Counter[Tier.values().length];
    private final Counter engineErrors;
    private final Histogram latencyMs;
    private final long[] bucketBoundsMs;
    private final Counter[] latencyBuckets;
    private final Map<String, AtomicBoolean> versions = new LinkedHashMap<>();
    private String activeVersion;

    public ModerationMetrics(MetricGroup operatorGroup) {
        group = operatorGroup.addGroup(ChatGuardMetrics.GROUP);
        for (Action a : Action.values()) {
            byAction[a.ordinal()] = group.addGroup(ChatGuardMetrics.ACTION, a.name()).counter(ChatGuardMetrics.DECISIONS);
        }
        for (Category c : Category.values()) {
            byCategory[c.ordinal()] = group.addGroup(ChatGuardMetrics.CATEGORY, c.name()).counter(ChatGuardMetrics.RULE_HITS);
        }
        for (Tier t : Tier.values()) {
            byTier[t.ordinal()] = group.addGroup(ChatGuardMetrics.TIER, t.name()).counter(ChatGuardMetrics.ALERTS);
        }
        engineErrors = group.counter(ChatGuardMetrics.ENGINE_ERRORS);
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

    /** Counts a decision, its rule hits, and its event-time latency (sentAt to decidedAt). */
    public void decision(Decision d) {
        byAction[d.action().ordinal()].inc();
        for (RuleMatch m : d.matches()) {
            byCategory[m.category().ordinal()].inc();
        }
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

    public void engineError() {
        engineErrors.inc();
    }

    /**
     * Marks the rule-pack version in use: {@code rulePackVersion_active{rulePackVersion="v"}} is 1 for it
     * and 0 for versions this subtask used before (rule packs change rarely, so the label set stays small).
     */
    public void rulePackVersion(String version) {
        String v = version == null ? "unknown" : version;
        if (v.equals(activeVersion)) {
            return;
        }
        if (activeVersion != null) {
            versions.get(activeVersion).set(false);
        }
        AtomicBoolean flag = versions.get(v);
        if (flag == null) {
            AtomicBoolean f = new AtomicBoolean(true);
            versions.put(v, f);
            group.addGroup(ChatGuardMetrics.RULE_PACK_VERSION, v).gauge(ChatGuardMetrics.RULE_PACK_ACTIVE, () -> f.get() ? 1 : 0);
        } else {
            flag.set(true);
        }
        activeVersion = v;
    }

    /** Instant-based convenience for stages that decide on their own clock. */
    public void latency(Instant sentAt, Instant decidedAt) {
        latency(Duration.between(sentAt, decidedAt).toMillis());
    }
}
