package org.chatguard.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.json.EventJson;
import org.chatguard.model.Decision;
import org.chatguard.model.DeadLetter;
import org.chatguard.model.StaffAlert;

/** Plays the site (producing input) and the consumers (reading every output) against a real broker. */
public final class KafkaTestClient implements AutoCloseable {

    private final Topics topics;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;

    /** Everything read so far; decisions and alerts also kept as received (to see duplicates). */
    public final Map<String, Decision> decisions = new LinkedHashMap<>();
    public final List<Decision> decisionLog = new ArrayList<>();
    public final List<StaffAlert> alertLog = new ArrayList<>();
    public final List<DeadLetter> deadLetters = new ArrayList<>();

    public KafkaTestClient(Properties clientProps, Topics topics) {
        this.topics = topics;
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put("acks", "all");
        p.put("max.request.size", Integer.toString(2 * 1024 * 1024));
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        Properties c = new Properties();
        c.putAll(clientProps);
        c.put("group.id", "test-reader-" + UUID.randomUUID());
        c.put("auto.offset.reset", "earliest");
        c.put("isolation.level", "read_committed");
        consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topics.decisions(), topics.staffAlerts(), topics.deadLetter()));
    }

    public void send(String topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    /** Polls all outputs until {@code done} holds or the timeout passes; returns whether it held. */
    public boolean pollUntil(Predicate<KafkaTestClient> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.topic().equals(topics.decisions())) {
                    Decision d = EventJson.decision(r.value());
                    decisionLog.add(d);
                    decisions.put(d.id(), d);
                } else if (r.topic().equals(topics.staffAlerts())) {
                    alertLog.add(EventJson.alert(r.value()));
                } else {
                    deadLetters.add(EventJson.deadLetter(r.value()));
                }
            }
            if (done.test(this)) {
                return true;
            }
        }
        return false;
    }

    /** Keeps polling for a while to catch anything that should NOT arrive (duplicates, extra alerts). */
    public void drain(Duration quiet) throws Exception {
        pollUntil(c -> false, quiet);
    }

    @Override
    public void close() {
        producer.close();
        consumer.close();
    }
}
