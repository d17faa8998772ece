package org.chatguard.pipeline.cli;

import java.time.Duration;

import org.apache.flink.connector.base.DeliveryGuarantee;
import picocli.CommandLine.Option;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.json.MessageParser;
import org.chatguard.pipeline.JobConfig;
import org.chatguard.pipeline.ScoringConfig;
import org.chatguard.rules.risk.RiskConfig;

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

    @Option(names = "--stateful-scoring", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Conversation and user risk over time (keyed state); --no-stateful-scoring decides each message "
                    + "alone (default: on).")
    boolean statefulScoring;

    @Option(names = "--conversation-signals", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Conversation-level signals in the conversation stage: the trained conversation model, credible "
                    + "threats, goodbyes (as classify --stateful); --no-conversation-signals saves their CPU (default: on).")
    boolean conversationSignals;

    @Option(names = "--state-backend", defaultValue = "rocksdb",
            description = "Keyed state backend: rocksdb or hashmap (default: ${DEFAULT-VALUE}).")
    String stateBackend;

    @Option(names = "--checkpoint-dir", paramLabel = "URI",
            description = "Durable checkpoint location, e.g. file:///var/chatguard/checkpoints or s3://bucket/path "
                    + "(default: the cluster's setting).")
    String checkpointDir;

    @Option(names = "--max-out-of-orderness", defaultValue = "PT5S",
            description = "How far behind the newest sentAt event time may lag (default: ${DEFAULT-VALUE}); later "
                    + "messages are still moderated and counted as late.")
    Duration maxOutOfOrderness;

    @Option(names = "--risk-half-life", defaultValue = "P1D",
            description = "Half-life of a conversation's risk scores (default: ${DEFAULT-VALUE}).")
    Duration riskHalfLife;

    @Option(names = "--alert-update-interval", defaultValue = "PT1M",
            description = "At most one update of an open alert per interval; escalations go out at once (default: ${DEFAULT-VALUE}).")
    Duration alertUpdateInterval;

    @Option(names = "--risk-ttl", defaultValue = "P30D",
            description = "State TTL of conversation risk and its masked evidence (default: ${DEFAULT-VALUE}).")
    Duration riskTtl;

    @Option(names = "--chat-state-ttl", defaultValue = "P365D",
            description = "State TTL of open-alert bookkeeping, mutes, blocks and user distress (default: ${DEFAULT-VALUE}, chat retention).")
    Duration chatStateTtl;

    @Option(names = "--mute-duration", defaultValue = "PT24H",
            description = "How long a staff mute lasts when the action names no end (default: ${DEFAULT-VALUE}).")
    Duration muteDuration;

    @picocli.CommandLine.Mixin
    StaffingOptions staffing = new StaffingOptions();

    @picocli.CommandLine.Mixin
    PileOnOptions pileOn = new PileOnOptions();

    @picocli.CommandLine.Mixin
    ModelPolicyOption modelPolicy = new ModelPolicyOption();

    @Option(names = "--new-account-messages", defaultValue = "20",
            description = "A user's first N messages are held to stricter personal-information and off-platform rules "
                    + "(held for staff); 0 turns new-account trust off (default: ${DEFAULT-VALUE}).")
    int newAccountMessages;

    public ScoringConfig scoring() {
        RiskConfig d = RiskConfig.defaults();
        RiskConfig risk = d.withHalfLives(riskHalfLife, d.distressHalfLife())
                .withAlertUpdateInterval(alertUpdateInterval)
                .withTtls(riskTtl, chatStateTtl)
                .withMuteDuration(muteDuration);
        return ScoringConfig.defaults().withEnabled(statefulScoring).withRisk(risk)
                .withMaxOutOfOrderness(maxOutOfOrderness).withState(stateBackend, checkpointDir)
                .withStaffing(staffing.staffing())
                .withTrust(org.chatguard.rules.risk.TrustConfig.defaults().withNewAccountMessages(newAccountMessages))
                .withPileOn(pileOn.config())
                .withConversationSignals(conversationSignals);
    }

    public JobConfig toConfig(Topics topics, String[] rulePack) {
        return JobConfig.defaults()
                .withTopics(topics)
                .withParallelism(parallelism)
                .withCheckpointInterval(checkpointInterval)
                .withGuarantees(decisionsDelivery, alertsDelivery)
                .withTransactionalIdPrefix(transactionalIdPrefix)
                .withLimits(maxRecordBytes, maxTextChars)
                .withRulePack(rulePack[0], rulePack[1])
                .withScoring(scoring())
                .withModelPolicy(modelPolicy.policy());
    }
}
