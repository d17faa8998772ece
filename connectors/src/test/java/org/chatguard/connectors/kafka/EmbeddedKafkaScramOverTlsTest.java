package org.chatguard.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.chatguard.connectors.Topics;

/**
 * SASL/SCRAM over TLS ({@code SASL_SSL}) on the embedded broker: topics, a record round trip, and
 * wrong credentials refused. The whole job runs over TLS in the pipeline's {@code KafkaTlsEndToEndTest}
 * and over SCRAM in {@code KafkaScramEndToEndTest}; this checks the two together.
 */
class EmbeddedKafkaScramOverTlsTest {

    @Test
    void authenticatesOverTlsAndRefusesWrongCredentials() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.startWithScramOverTls("chatguard", "not-a-real-secret-43")) {
            Properties p = kafka.clientProperties();
            assertEquals("SASL_SSL", p.getProperty("security.protocol"));
            Topics topics = Topics.withPrefix("sasl-ssl.");
            kafka.createTopics(topics, 1);

            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(topics.chatMessages(), "k", "v")).get();
            }
            Properties c = kafka.clientProperties();
            c.put("group.id", "t");
            c.put("auto.offset.reset", "earliest");
            List<String> seen = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(topics.chatMessages()));
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (seen.isEmpty() && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        seen.add(r.value());
                    }
                }
            }
            assertEquals(List.of("v"), seen);

            Properties wrong = kafka.clientProperties();
            wrong.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                    + "username=\"chatguard\" password=\"wrong\";");
            try (Admin admin = Admin.create(wrong)) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> admin.listTopics().names().get());
                assertTrue(e.getCause() instanceof SaslAuthenticationException, () -> "expected an authentication failure: " + e);
            }
        }
    }
}
