package org.chatguard.console;

import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.json.EventJson;
import org.chatguard.model.Decision;
import org.chatguard.model.StaffAction;

/**
 * Publishes staff actions (key: userId for user actions, conversationId otherwise) and release decisions
 * (key: conversationId, like the pipeline's). Idempotent producer, acks=all, each send awaited.
 */
public final class KafkaStaffActionSink implements StaffActionSink, AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final Topics topics;

    public KafkaStaffActionSink(Properties clientProps, Topics topics) {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "chatguard-console");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.topics = topics;
    }

    @Override
    public void publish(StaffAction a) {
        String key = switch (a.type()) {
            case BLOCK_USER, UNBLOCK_USER -> a.userId();
            default -> a.conversationId();
        };
        send(new ProducerRecord<>(topics.staffActions(), key, EventJson.toBytes(a)));
    }

    @Override
    public void publishDecision(Decision d) {
        send(new ProducerRecord<>(topics.decisions(), d.conversationId(), EventJson.toBytes(d)));
    }

    private void send(ProducerRecord<String, byte[]> r) {
        try {
            producer.send(r).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + r.topic());
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish to " + r.topic() + ": " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
