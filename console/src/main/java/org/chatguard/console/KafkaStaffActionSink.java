package org.chatguard.console;

import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.json.EventJson;
import org.chatguard.model.Decision;
import org.chatguard.model.StaffAction;
import org.chatguard.model.Tier;

/**
 * Publishes staff actions (key: userId for user actions, conversationId otherwise) and release decisions
 * (key: conversationId, like the pipeline's). Idempotent producer, acks=all, each send awaited. Every
 * action carries the actor's care tier as {@code staffRole}; a mute carries its end as {@code until}.
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
    public void publish(StaffAction a, Tier staffRole, Instant until) {
        String key = switch (a.type()) {
            case BLOCK_USER, UNBLOCK_USER -> a.userId();
            default -> a.conversationId();
        };
        send(new ProducerRecord<>(topics.staffActions(), key, json(a, staffRole, until)));
    }

    /**
     * The action's JSON plus {@code staffRole} and, for a mute, {@code until}. Added here because the model's
     * {@code StaffAction} does not carry them yet (branch {@code safety} adds them): once it does, this is
     * {@code EventJson.toBytes(a)} of an action built with those fields, and this method goes.
     */
    static byte[] json(StaffAction a, Tier staffRole, Instant until) {
        if (staffRole == null) {
            throw new IllegalArgumentException("a staff action needs the actor's care tier");
        }
        if (a.type() == StaffAction.Type.MUTE_CONVERSATION && until == null) {
            throw new IllegalArgumentException("a mute needs its end");
        }
        ObjectNode n = EventJson.mapper().valueToTree(a);
        n.put("staffRole", staffRole.name());
        if (until != null) {
            n.put("until", until.toString());
        } else {
            n.remove("until");
        }
        return EventJson.toBytes(n);
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
