package org.chatguard.pipeline.cli;

import java.time.Duration;

import org.apache.flink.connector.base.DeliveryGuarantee;
import picocli.CommandLine.Option;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.json.MessageParser;
import org.chatguard.pipeline.JobConfig;

/** Options that shape the Flink job, shared by {@code run} and {@code demo}. */
public final class JobOptions {

    @Option(names = "--parallelism", defaultValue = "1",
            description = "Parallelism of every operator (default: ${DEFAULT-VALUE}). Match it to the input partitions.")
    int parallelism;

    @Option(names = "--checkpoint-interval", defaultValue = "PT5S",
            description = "Checkpoint interval, ISO-8601 duration (default: ${DEFAULT-VALUE}). Exactly-once output "
                    + "becomes visible to read_committed consumers at each checkpoint.")
    Duration checkpointInterval;

    @Option(names = "--decisions-delivery", defaultValue = "AT_LEAST_ONCE",
            description = "Delivery guarantee of the decisions topic: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; "
                    + "at-least-once keeps latency low, the site dedupes by message id).")
    DeliveryGuarantee decisionsDelivery;

    @Option(names = "--alerts-delivery", defaultValue = "EXACTLY_ONCE",
            description = "Delivery guarantee of the staff-alerts topic: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    DeliveryGuarantee alertsDelivery;

    @Option(names = "--transactional-id-prefix", defaultValue = "chatguard",
            description = "Prefix of Kafka transactional ids for exactly-once sinks; unique per job (default: ${DEFAULT-VALUE}).")
    String transactionalIdPrefix;

    @Option(names = "--max-record-bytes", defaultValue = "" + MessageParser.DEFAULT_MAX_RECORD_BYTES,
            description = "Input records larger than this go to dead-letter (default: ${DEFAULT-VALUE}).")
    int maxRecordBytes;

    @Option(names = "--max-text-chars", defaultValue = "" + MessageParser.DEFAULT_MAX_TEXT_CHARS,
            description = "Messages with longer text go to dead-letter (default: ${DEFAULT-VALUE}).")
    int maxTextChars;

    public JobConfig toConfig(Topics topics, String[] rulePack) {
        return JobConfig.defaults()
                .withTopics(topics)
                .withParallelism(parallelism)
                .withCheckpointInterval(checkpointInterval)
                .withGuarantees(decisionsDelivery, alertsDelivery)
                .withTransactionalIdPrefix(transactionalIdPrefix)
                .withLimits(maxRecordBytes, maxTextChars)
                .withRulePack(rulePack[0], rulePack[1]);
    }
}
