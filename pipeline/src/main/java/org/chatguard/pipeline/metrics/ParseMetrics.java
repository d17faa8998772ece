package org.chatguard.pipeline.metrics;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import org.chatguard.model.ContentKind;

/** Metrics of the parse stage: messages in per content kind, dead letters per reason bucket. */
public final class ParseMetrics {

    private final Counter[] byKind = new Counter[ContentKind.values().length];
    private final Counter[] byReason = new Counter[DeadLetterReason.values().length];

    public ParseMetrics(MetricGroup operatorGroup) {
        MetricGroup g = operatorGroup.addGroup(ChatGuardMetrics.GROUP);
        for (ContentKind k : ContentKind.values()) {
            byKind[k.ordinal()] = g.addGroup(ChatGuardMetrics.KIND, k.name()).counter(ChatGuardMetrics.MESSAGES_IN);
        }
        // every bucket up front: series exist at 0 from the start, so rate() and alerts work on the first one
        for (DeadLetterReason r : DeadLetterReason.values()) {
            byReason[r.ordinal()] = g.addGroup(ChatGuardMetrics.REASON, r.label()).counter(ChatGuardMetrics.DEAD_LETTERS);
        }
    }

    public void messageIn(ContentKind kind) {
        byKind[kind.ordinal()].inc();
    }

    /** @param reason the free-text reason; only its bucket is counted */
    public void deadLetter(String reason) {
        byReason[DeadLetterReason.of(reason).ordinal()].inc();
    }
}
