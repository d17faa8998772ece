package org.chatguard.load.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.kafka.KafkaSettings;
import org.chatguard.connectors.kafka.RawRecord;
import org.chatguard.pipeline.ChatGuardJob;
import org.chatguard.pipeline.JobConfig;
import org.chatguard.pipeline.JobSinks;
import org.chatguard.rules.RulePackException;
import org.chatguard.rules.RulePackLoader;

/**
 * The full ChatGuard job with its defaults ({@link JobConfig#defaults()}: keyed risk state in RocksDB,
 * decisions at-least-once, alerts exactly-once, checkpoints), its Kafka sinks, and the source given (the
 * bench passes a bounded copy of {@code KafkaIo.rawSource}). {@link ChatGuardJob#build} puts the state
 * backend into the environment's configuration, so the job measured is the production one.
 */
public final class ChatGuardJobs {

    private ChatGuardJobs() {
    }

    /**
     * @param rulePack a rule pack file instead of the bundled default; {@code null} = default
     */
    public static JobConfig config(Topics topics, int parallelism, Duration checkpointInterval, String transactionalIdPrefix,
                                   Path rulePack) throws IOException, RulePackException {
        return config(topics, parallelism, checkpointInterval, transactionalIdPrefix, rulePack, null);
    }

    /**
     * @param rulePack     a rule pack file instead of the bundled default; {@code null} = default
     * @param stateBackend {@code rocksdb} or {@code hashmap} for the keyed risk state; {@code null} = the job's
     *                     default (RocksDB)
     */
    public static JobConfig config(Topics topics, int parallelism, Duration checkpointInterval, String transactionalIdPrefix,
                                   Path rulePack, String stateBackend) throws IOException, RulePackException {
        JobConfig cfg = JobConfig.defaults();
        if (stateBackend != null) {
            cfg = cfg.withScoring(cfg.scoring().withState(stateBackend, cfg.scoring().checkpointDir()));
        }
        if (rulePack != null) {
            String content = Files.readString(rulePack, StandardCharsets.UTF_8);
            RulePackLoader.parse(rulePack.toString(), content); // fail here, not inside the job
            cfg = cfg.withRulePack(rulePack.toString(), content);
        }
        return cfg
                .withTopics(topics)
                .withParallelism(parallelism)
                .withCheckpointInterval(checkpointInterval)
                .withTransactionalIdPrefix(transactionalIdPrefix);
    }

    public static void build(StreamExecutionEnvironment env, Source<RawRecord, ?, ?> source, KafkaSettings settings,
                             Topics topics, int parallelism, Duration checkpointInterval, String transactionalIdPrefix,
                             Path rulePack) throws IOException, RulePackException {
        build(env, source, settings, topics, parallelism, checkpointInterval, transactionalIdPrefix, rulePack, null);
    }

    /** @param stateBackend {@code rocksdb} or {@code hashmap}; {@code null} = the job's default (RocksDB) */
    public static void build(StreamExecutionEnvironment env, Source<RawRecord, ?, ?> source, KafkaSettings settings,
                             Topics topics, int parallelism, Duration checkpointInterval, String transactionalIdPrefix,
                             Path rulePack, String stateBackend) throws IOException, RulePackException {
        build(env, source, settings, topics, parallelism, checkpointInterval, transactionalIdPrefix, rulePack, stateBackend, true);
    }

    /** @param conversationSignals the conversation-level signals on (the job's default) or off ({@code --no-conversation-signals}) */
    public static void build(StreamExecutionEnvironment env, Source<RawRecord, ?, ?> source, KafkaSettings settings,
                             Topics topics, int parallelism, Duration checkpointInterval, String transactionalIdPrefix,
                             Path rulePack, String stateBackend, boolean conversationSignals) throws IOException, RulePackException {
        JobConfig cfg = config(topics, parallelism, checkpointInterval, transactionalIdPrefix, rulePack, stateBackend);
        cfg = cfg.withScoring(cfg.scoring().withConversationSignals(conversationSignals));
        ChatGuardJob.build(env, source, JobSinks.kafka(settings, cfg), cfg);
    }
}
