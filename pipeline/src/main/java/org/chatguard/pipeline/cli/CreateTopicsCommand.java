package org.chatguard.pipeline.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.kafka.TopicAdmin;

/**
 * Creates ChatGuard's topics with their retention settings (chat records one year, safeguarding six
 * years, dead letters 30 days, rule updates compacted); topics that exist are left alone. Uses the same
 * Kafka options as {@code run}, so TLS/SASL settings reach this admin client too.
 */
@Command(name = "create-topics", mixinStandardHelpOptions = true,
        description = "Create ChatGuard's Kafka topics (with their retention policies) where they do not exist yet.")
public final class CreateTopicsCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    ConfigOption config;

    @Option(names = "--partitions", defaultValue = "1",
            description = "Partitions of each new topic; the job's parallelism can use at most this many per input "
                    + "topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Override
    public Integer call() throws Exception {
        config.apply();
        if (kafka.bootstrapServers == null) {
            System.err.println("chatguard create-topics: --bootstrap-servers is required");
            return 2;
        }
        if (partitions < 1) {
            System.err.println("chatguard create-topics: --partitions must be at least 1");
            return 2;
        }
        Topics topics = kafka.topics();
        var props = kafka.settings(kafka.bootstrapServers).clientProps();
        props.putIfAbsent("default.api.timeout.ms", "60000");
        TopicAdmin.createTopics(props, topics, partitions);
        System.out.println("topics ready: " + String.join(", ", topics.all()));
        return 0;
    }
}
