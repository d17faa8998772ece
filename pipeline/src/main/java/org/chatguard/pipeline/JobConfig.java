package org.chatguard.pipeline;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

import org.apache.flink.connector.base.DeliveryGuarantee;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.json.MessageParser;
import org.chatguard.rules.ml.ModelPolicy;

/**
 * Everything the job's topology needs to know, typed and in one place. The defaults run the demo.
 *
 * @param rulePackSource name of the rule pack (path or "default") for messages; {@code null} = bundled default
 * @param rulePackContent the rule pack text itself (shipped inside the job graph so task managers need no file);
 *                        {@code null} = bundled default
 * @param scoring stateful conversation-risk scoring, its state backend and checkpoint location
 * @param modelPolicy the site's policy for model flags, applied to the bundled model and to published ones
 */
public record JobConfig(
        Topics topics,
        int parallelism,
        Duration checkpointInterval,
        DeliveryGuarantee decisionsGuarantee,
        DeliveryGuarantee alertsGuarantee,
        String transactionalIdPrefix,
        int maxRecordBytes,
        int maxTextChars,
        String rulePackSource,
        String rulePackContent,
        ScoringConfig scoring,
        ModelPolicy modelPolicy) implements Serializable {

    public JobConfig {
        Objects.requireNonNull(topics, "topics");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1");
        }
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        Objects.requireNonNull(decisionsGuarantee, "decisionsGuarantee");
        Objects.requireNonNull(alertsGuarantee, "alertsGuarantee");
        Objects.requireNonNull(scoring, "scoring");
        Objects.requireNonNull(modelPolicy, "modelPolicy");
        if (alertsGuarantee == DeliveryGuarantee.EXACTLY_ONCE || decisionsGuarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            if (checkpointInterval.isZero() || checkpointInterval.isNegative()) {
                throw new IllegalArgumentException("exactly-once delivery commits at checkpoints: set a checkpoint interval");
            }
        }
    }

    public static JobConfig defaults() {
        return new JobConfig(Topics.defaults(), 1, Duration.ofSeconds(5),
                DeliveryGuarantee.AT_LEAST_ONCE, DeliveryGuarantee.EXACTLY_ONCE, "chatguard",
                MessageParser.DEFAULT_MAX_RECORD_BYTES, MessageParser.DEFAULT_MAX_TEXT_CHARS, null, null, ScoringConfig.defaults(),
                ModelPolicy.DEFAULT);
    }

    public JobConfig withTopics(Topics t) {
        return new JobConfig(t, parallelism, checkpointInterval, decisionsGuarantee, alertsGuarantee,
                transactionalIdPrefix, maxRecordBytes, maxTextChars, rulePackSource, rulePackContent, scoring, modelPolicy);
    }

    public JobConfig withParallelism(int p) {
        return new JobConfig(topics, p, checkpointInterval, decisionsGuarantee, alertsGuarantee,
                transactionalIdPrefix, maxRecordBytes, maxTextChars, rulePackSource, rulePackContent, scoring, modelPolicy);
    }

    public JobConfig withCheckpointInterval(Duration d) {
        return new JobConfig(topics, parallelism, d, decisionsGuarantee, alertsGuarantee,
                transactionalIdPrefix, maxRecordBytes, maxTextChars, rulePackSource, rulePackContent, scoring, modelPolicy);
    }

    public JobConfig withGuarantees(DeliveryGuarantee decisions, DeliveryGuarantee alerts) {
        return new JobConfig(topics, parallelism, checkpointInterval, decisions, alerts,
                transactionalIdPrefix, maxRecordBytes, maxTextChars, rulePackSource, rulePackContent, scoring, modelPolicy);
    }

    public JobConfig withTransactionalIdPrefix(String prefix) {
        return new JobConfig(topics, parallelism, checkpointInterval, decisionsGuarantee, alertsGuarantee,
                prefix, maxRecordBytes, maxTextChars, rulePackSource, rulePackContent, scoring, modelPolicy);
    }

    public JobConfig withRulePack(String source, String content) {
        return new JobConfig(topics, parallelism, checkpointInterval, decisionsGuarantee, alertsGuarantee,
                transactionalIdPrefix, maxRecordBytes, maxTextChars, source, content, scoring, modelPolicy);
    }

    public JobConfig withLimits(int recordBytes, int textChars) {
        return new JobConfig(topics, parallelism, checkpointInterval, decisionsGuarantee, alertsGuarantee,
                transactionalIdPrefix, recordBytes, textChars, rulePackSource, rulePackContent, scoring, modelPolicy);
    }

    public JobConfig withScoring(ScoringConfig sc) {
        return new JobConfig(topics, parallelism, checkpointInterval, decisionsGuarantee, alertsGuarantee,
                transactionalIdPrefix, maxRecordBytes, maxTextChars, rulePackSource, rulePackContent, sc, modelPolicy);
    }

    public JobConfig withModelPolicy(ModelPolicy p) {
        return new JobConfig(topics, parallelism, checkpointInterval, decisionsGuarantee, alertsGuarantee,
                transactionalIdPrefix, maxRecordBytes, maxTextChars, rulePackSource, rulePackContent, scoring, p);
    }

    public MessageParser parser() {
        return new MessageParser(maxRecordBytes, maxTextChars);
    }
}
