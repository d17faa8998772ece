package org.chatguard.pipeline.metrics;

import java.util.List;

/**
 * Names of ChatGuard's own metrics, in Flink terms and as the Prometheus reporter exports them.
 *
 * <p>They are registered through each operator's Flink metric group (so every parallel subtask reports
 * its own series, labelled with {@code subtask_index}, and they scale with parallelism), under the user
 * group {@value #GROUP}; labelled metrics use Flink key/value groups, which the Prometheus reporter turns
 * into labels (the key also becomes part of the metric name). Label values come from small fixed sets
 * (enums, dead-letter reason buckets, the rule-pack version): never a user id or message text.
 *
 * <p>Flink counters are exported as Prometheus gauges; use {@code rate()}/{@code increase()} on them as on
 * counters (they only reset when a task restarts).
 */
public final class ChatGuardMetrics {

    /** The user metric group every ChatGuard metric lives under. */
    public static final String GROUP = "chatguard";

    /** Prometheus name prefix of operator-scoped user metrics on a task manager. */
    public static final String PROMETHEUS_PREFIX = "flink_taskmanager_job_task_operator_" + GROUP + "_";

    // label keys
    public static final String KIND = "kind";
    public static final String REASON = "reason";
    public static final String ACTION = "action";
    public static final String CATEGORY = "category";
    public static final String TIER = "tier";
    public static final String LE = "le";
    public static final String RULE_PACK_VERSION = "rulePackVersion";
    /** Rule ids are pack configuration, not content: fine as a label (a pack has a few hundred). */
    public static final String RULE_ID = "ruleId";

    // metric names (parse stage)
    /** Valid messages in, per content kind. */
    public static final String MESSAGES_IN = "messagesIn";
    /** Dead letters, per {@link DeadLetterReason} label. */
    public static final String DEAD_LETTERS = "deadLetters";

    // metric names (moderate stage)
    /** Decisions, per action. */
    public static final String DECISIONS = "decisions";
    /** Rule matches, per rule category (one message may hit several). */
    public static final String RULE_HITS = "ruleHits";
    /** Staff alerts raised or updated, per tier. */
    public static final String ALERTS = "alerts";
    /** Messages the rules engine failed on (blocked, fail-closed). */
    public static final String ENGINE_ERRORS = "engineErrors";
    /** Event time (sentAt) to decision, milliseconds: a Flink histogram, a summary with quantiles per subtask. */
    public static final String DECISION_LATENCY_MS = "decisionLatencyMs";
    /**
     * The same latency as cumulative buckets in seconds ({@code le} label, Prometheus histogram style), so
     * quantiles can be aggregated over all subtasks with {@code histogram_quantile}.
     */
    public static final String DECISION_LATENCY_BUCKET = "decisionLatencySeconds_bucket";
    /** 1 for the rule-pack version in use, 0 for versions used earlier by this subtask. */
    public static final String RULE_PACK_ACTIVE = "active";

    // metric names (shadow run in the moderate stage; exported only while a candidate pack runs)
    /** Matches of the candidate pack, per rule id. */
    public static final String SHADOW_RULE_HITS = "shadowRuleHits";
    /** Messages the candidate would have decided differently (each one a record on the shadow-diffs topic). */
    public static final String SHADOW_DIFFS = "shadowDiffs";
    /** Messages the candidate pack was run on. */
    public static final String SHADOW_MESSAGES = "shadowMessages";
    /** 1 for the candidate version running in shadow, 0 for candidates this subtask ran before. */
    public static final String SHADOW_ACTIVE = "shadowActive";

    /** The shadow run's Prometheus names (present only once a candidate pack has run). */
    public static List<String> shadowPrometheusNames() {
        return List.of(prometheusName(RULE_ID, SHADOW_RULE_HITS), prometheusName(null, SHADOW_DIFFS),
                prometheusName(null, SHADOW_MESSAGES), prometheusName(RULE_PACK_VERSION, SHADOW_ACTIVE));
    }

    /**
     * Messages behind the event-time watermark (still moderated, only counted), registered by the stateful
     * conversation-risk stage with {@code metricGroup.addGroup(GROUP).counter(LATE_EVENTS)}.
     */
    public static final String LATE_EVENTS = "lateEvents";

    /** Metrics only the stateful stage (on by default, {@code --no-stateful-scoring} turns it off) exports. */
    public static List<String> statefulPrometheusNames() {
        return List.of(prometheusName(null, LATE_EVENTS));
    }

    /** Upper bounds (seconds) of the latency buckets; the last bucket is {@code +Inf}. */
    public static final double[] LATENCY_BUCKETS_SECONDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300};

    /**
     * Flink's own metrics that the Grafana dashboard (docker/grafana) uses besides ChatGuard's: Kafka lag,
     * checkpoints and state size, restarts, back pressure, cluster size. LocalClusterIT checks that a real
     * cluster exports every one of them.
     */
    public static final List<String> FLINK_METRICS_USED = List.of(
            "flink_taskmanager_job_task_operator_pendingRecords",
            "flink_taskmanager_job_task_operator_KafkaSourceReader_KafkaConsumer_records_lag_max",
            "flink_taskmanager_job_task_backPressuredTimeMsPerSecond",
            "flink_jobmanager_job_numberOfCompletedCheckpoints",
            "flink_jobmanager_job_numberOfFailedCheckpoints",
            "flink_jobmanager_job_lastCheckpointSize",
            "flink_jobmanager_job_lastCheckpointFullSize",
            "flink_jobmanager_job_lastCheckpointDuration",
            "flink_jobmanager_job_numRestarts",
            "flink_jobmanager_numRegisteredTaskManagers",
            "flink_jobmanager_taskSlotsTotal");

    private ChatGuardMetrics() {
    }

    /** Prometheus name of a ChatGuard metric registered under label key {@code labelKey} (or none). */
    public static String prometheusName(String labelKey, String metric) {
        return PROMETHEUS_PREFIX + (labelKey == null ? "" : labelKey + "_") + metric;
    }

    /** Every Prometheus metric name ChatGuard's own operators export (the dashboard may use only these). */
    public static List<String> prometheusNames() {
        return List.of(
                prometheusName(KIND, MESSAGES_IN),
                prometheusName(REASON, DEAD_LETTERS),
                prometheusName(ACTION, DECISIONS),
                prometheusName(CATEGORY, RULE_HITS),
                prometheusName(TIER, ALERTS),
                prometheusName(null, ENGINE_ERRORS),
                prometheusName(null, DECISION_LATENCY_MS),
                prometheusName(LE, DECISION_LATENCY_BUCKET),
                prometheusName(RULE_PACK_VERSION, RULE_PACK_ACTIVE));
    }

    static String bucketLabel(double le) {
        return le == Math.rint(le) ? Long.toString((long) le) : Double.toString(le);
    }
}
