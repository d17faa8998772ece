package org.chatguard.pipeline.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine.Option;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.kafka.KafkaSettings;

/** Kafka connection and topic options shared by the commands that talk to a broker. */
public final class KafkaOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--group-id", defaultValue = "chatguard",
            description = "Consumer group of the job's Kafka source (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Option(names = "--topic-prefix", defaultValue = "",
            description = "Prefix for every ChatGuard topic name, e.g. 'site1.' (default: none).")
    String topicPrefix;

    @Option(names = "--topic", paramLabel = "ROLE=NAME",
            description = "Override one topic name. Roles: chat-messages, private-messages, blog-posts, decisions, "
                    + "staff-alerts, dead-letter, staff-actions, rule-updates, shadow-diffs.")
    Map<String, String> topicOverrides = new LinkedHashMap<>();

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "Kafka client property passed to every consumer, producer and admin client "
                    + "(e.g. security.protocol=SASL_SSL). Values of the form ${env:NAME} or ${file:PATH} are read "
                    + "from the environment or a file, so secrets stay off the command line.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    public Topics topics() {
        Topics d = Topics.withPrefix(topicPrefix);
        Map<String, String> o = new LinkedHashMap<>(topicOverrides);
        Topics t = new Topics(
                o.getOrDefault("chat-messages", d.chatMessages()),
                o.getOrDefault("private-messages", d.privateMessages()),
                o.getOrDefault("blog-posts", d.blogPosts()),
                o.getOrDefault("decisions", d.decisions()),
                o.getOrDefault("staff-alerts", d.staffAlerts()),
                o.getOrDefault("dead-letter", d.deadLetter()),
                o.getOrDefault("staff-actions", d.staffActions()),
                o.getOrDefault("rule-updates", d.ruleUpdates()),
                o.getOrDefault("shadow-diffs", d.shadowDiffs()));
        o.keySet().removeAll(java.util.List.of("chat-messages", "private-messages", "blog-posts", "decisions",
                "staff-alerts", "dead-letter", "staff-actions", "rule-updates", "shadow-diffs"));
        if (!o.isEmpty()) {
            throw new IllegalArgumentException("unknown topic role(s): " + o.keySet());
        }
        return t;
    }

    public KafkaSettings settings(String bootstrap) {
        Map<String, String> resolved = new LinkedHashMap<>();
        kafkaProperties.forEach((k, v) -> resolved.put(k, SecretValues.resolve(v)));
        return new KafkaSettings(bootstrap, groupId, resolved);
    }
}
