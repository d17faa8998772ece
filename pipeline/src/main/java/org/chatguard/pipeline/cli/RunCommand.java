package org.chatguard.pipeline.cli;

import java.util.concurrent.Callable;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.chatguard.connectors.kafka.KafkaSettings;
import org.chatguard.pipeline.ChatGuardJob;
import org.chatguard.pipeline.JobConfig;

/**
 * Runs the job against an existing Kafka. Submitted with {@code flink run} it runs on that cluster;
 * started from {@code bin/chatguard run} it runs on an in-process Flink.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the ChatGuard job against an external Kafka (on a Flink cluster when submitted with 'flink run').")
public final class RunCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    JobOptions job;

    @Mixin
    RulePackOption rules;

    @Mixin
    ConfigOption config;

    @Option(names = "--job-name", defaultValue = "chatguard", description = "Flink job name (default: ${DEFAULT-VALUE}).")
    String jobName;

    @Override
    public Integer call() throws Exception {
        config.apply();
        if (kafka.bootstrapServers == null) {
            System.err.println("chatguard run: --bootstrap-servers is required");
            return 2;
        }
        KafkaSettings settings = kafka.settings(kafka.bootstrapServers);
        JobConfig cfg = job.toConfig(kafka.topics(), rules.sourceAndContent());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        configure(env, cfg);
        ChatGuardJob.buildKafka(env, settings, cfg);
        env.execute(jobName);
        return 0;
    }

    static void configure(StreamExecutionEnvironment env, JobConfig cfg) {
        env.setParallelism(cfg.parallelism());
        if (!cfg.checkpointInterval().isZero()) {
            env.enableCheckpointing(cfg.checkpointInterval().toMillis());
        }
    }
}
