package org.chatguard.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.chatguard.connectors.Topics;

/** The embedded broker is a real Kafka: topics with retention, a produce/consume round trip. */
class EmbeddedKafkaTest {

    @Test
    void createsTopicsWithRetentionAndMovesRecords() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Topics topics = Topics.defaults();
            kafka.createTopics(topics, 2);
            kafka.createTopics(topics, 2); // idempotent

            try (Admin admin = Admin.create(kafka.clientProperties())) {
                assertTrue(admin.listTopics().names().get().containsAll(topics.all()));
                ConfigResource alerts = new ConfigResource(ConfigResource.Type.TOPIC, topics.staffAlerts());
                Config cfg = admin.describeConfigs(Set.of(alerts)).all().get().get(alerts);
                assertEquals(topics.topicConfigs().get(topics.staffAlerts()).get("retention.ms"), cfg.get("retention.ms").value());
            }

            Properties p = kafka.clientProperties();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>(topics.chatMessages(), "k" + i, "v" + i)).get();
                }
            }
            Properties c = kafka.clientProperties();
            c.putAll(Map.of("group.id", "t", "auto.offset.reset", "earliest"));
            List<String> seen = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(topics.chatMessages()));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (seen.size() < 10 && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        seen.add(r.value());
                    }
                }
            }
            assertEquals(10, seen.size());
        }
    }
}
