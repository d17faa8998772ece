package org.chatguard.pipeline;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;

import org.chatguard.connectors.kafka.KafkaIo;
import org.chatguard.connectors.kafka.KafkaSettings;
import org.chatguard.model.Decision;
import org.chatguard.model.DeadLetter;
import org.chatguard.model.ShadowDiff;
import org.chatguard.model.StaffAlert;

/**
 * Where the job's outputs go. Production wires Kafka; tests may wire anything.
 *
 * @param shadowDiffs where a shadow run's differences go; {@code null}: discarded
 */
public record JobSinks(Sink<Decision> decisions, Sink<StaffAlert> alerts, Sink<DeadLetter> deadLetters,
                       Sink<ShadowDiff> shadowDiffs) {

    public JobSinks(Sink<Decision> decisions, Sink<StaffAlert> alerts, Sink<DeadLetter> deadLetters) {
        this(decisions, alerts, deadLetters, null);
    }

    /**
     * Decisions are keyed by conversation (ordered per conversation for the site), alerts by alert id
     * (so a compacted or deduping consumer keeps the latest update), dead letters by source topic.
     */
    public static JobSinks kafka(KafkaSettings kafka, JobConfig cfg) {
        String tx = cfg.transactionalIdPrefix();
        return new JobSinks(
                KafkaIo.jsonSink(kafka, cfg.topics().decisions(), Decision::conversationId,
                        cfg.decisionsGuarantee(), tx + "-decisions"),
                KafkaIo.jsonSink(kafka, cfg.topics().staffAlerts(), StaffAlert::alertId,
                        cfg.alertsGuarantee(), tx + "-alerts"),
                // dead letters are diagnostics: at-least-once is enough and never waits for a checkpoint
                KafkaIo.jsonSink(kafka, cfg.topics().deadLetter(), DeadLetter::sourceTopic,
                        DeliveryGuarantee.AT_LEAST_ONCE, tx + "-dead-letter"),
                // shadow diffs are diagnostics too
                KafkaIo.jsonSink(kafka, cfg.topics().shadowDiffs(), ShadowDiff::messageId,
                        DeliveryGuarantee.AT_LEAST_ONCE, tx + "-shadow-diffs"));
    }
}
