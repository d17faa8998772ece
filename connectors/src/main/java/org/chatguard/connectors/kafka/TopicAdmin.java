package org.chatguard.connectors.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import org.chatguard.connectors.Topics;

/**
 * Creates ChatGuard's topics with their retention settings on any cluster. Needs only kafka-clients (not
 * the embedded broker), so it also runs from the job jar against a secured production cluster: the
 * admin client gets the same client properties (TLS, SASL) as the job's consumers and producers.
 */
public final class TopicAdmin {

    private TopicAdmin() {
    }

    /** Creates every topic of {@code topics} that does not exist yet; existing topics are left as they are. */
    public static void createTopics(Properties adminProps, Topics topics, int partitions)
            throws InterruptedException, ExecutionException {
        Map<String, Map<String, String>> configs = topics.topicConfigs();
        List<NewTopic> wanted = new ArrayList<>();
        for (String name : topics.all()) {
            // replication: the broker's default, so this works on a one-node demo and a real cluster alike
            wanted.add(new NewTopic(name, Optional.of(partitions), Optional.empty())
                    .configs(configs.getOrDefault(name, Map.of())));
        }
        try (Admin admin = Admin.create(adminProps)) {
            Set<String> existing = admin.listTopics().names().get();
            wanted.removeIf(t -> existing.contains(t.name()));
            if (!wanted.isEmpty()) {
                try {
                    admin.createTopics(wanted).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }
}
