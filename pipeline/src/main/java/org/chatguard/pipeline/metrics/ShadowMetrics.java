package org.chatguard.pipeline.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import org.chatguard.model.RuleMatch;

/**
 * Metrics of a shadow run in the moderate stage: the candidate pack's hits per rule id, messages it ran on, how
 * many it would have decided differently, and which candidate version runs. Counters are created on first use,
 * so nothing is exported before a candidate runs; rule ids come from the pack, never from messages.
 */
public final class ShadowMetrics {

    private final MetricGroup group;
    private final Map<String, Counter> byRule = new HashMap<>();
    private final Map<String, AtomicBoolean> versions = new HashMap<>();
    private Counter diffs;
    private Counter messages;
    private String activeVersion;

    public ShadowMetrics(MetricGroup operatorGroup) {
        group = operatorGroup.addGroup(ChatGuardMetrics.GROUP);
    }

    public void message(List<RuleMatch> candidateMatches) {
        if (messages == null) {
            messages = group.counter(ChatGuardMetrics.SHADOW_MESSAGES);
        }
        messages.inc();
        for (RuleMatch m : candidateMatches) {
            byRule.computeIfAbsent(m.ruleId(),
                    id -> group.addGroup(ChatGuardMetrics.RULE_ID, id).counter(ChatGuardMetrics.SHADOW_RULE_HITS)).inc();
        }
    }

    public void diff() {
        if (diffs == null) {
            diffs = group.counter(ChatGuardMetrics.SHADOW_DIFFS);
        }
        diffs.inc();
    }

    /** The candidate now running, or {@code null} when the shadow run ended. */
    public void candidate(String version) {
        if (activeVersion != null) {
            versions.get(activeVersion).set(false);
        }
        activeVersion = version;
        if (version == null) {
            return;
        }
        AtomicBoolean flag = versions.get(version);
        if (flag == null) {
            AtomicBoolean f = new AtomicBoolean(true);
            versions.put(version, f);
            group.addGroup(ChatGuardMetrics.RULE_PACK_VERSION, version).gauge(ChatGuardMetrics.SHADOW_ACTIVE, () -> f.get() ? 1 : 0);
        } else {
            flag.set(true);
        }
    }
}
