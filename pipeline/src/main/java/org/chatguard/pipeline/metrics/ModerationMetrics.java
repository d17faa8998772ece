package org.chatguard.pipeline.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import org.chatguard.model.Category;
import org.chatguard.model.RuleMatch;

/**
 * Metrics of the moderation (rules engine) stage: rule hits per category, engine errors, and which
 * rule-pack version is in use.
 */
public final class ModerationMetrics {

    private final MetricGroup group;
    private final Counter[] byCategory = new Counter[Category.values().length];
    private final Counter engineErrors;
    private final Map<String, AtomicBoolean> versions = new LinkedHashMap<>();
    private String activeVersion;

    public ModerationMetrics(MetricGroup operatorGroup) {
        group = operatorGroup.addGroup(ChatGuardMetrics.GROUP);
        for (Category c : Category.values()) {
            byCategory[c.ordinal()] = group.addGroup(ChatGuardMetrics.CATEGORY, c.name()).counter(ChatGuardMetrics.RULE_HITS);
        }
        engineErrors = group.counter(ChatGuardMetrics.ENGINE_ERRORS);
    }

    /** Counts the rule matches of one verdict, per category. */
    public void ruleHits(List<RuleMatch> matches) {
        for (RuleMatch m : matches) {
            byCategory[m.category().ordinal()].inc();
        }
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
}
