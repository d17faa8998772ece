package org.chatguard.console;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.json.EventJson;

/**
 * Reads the original text of one message from the input topics (kept one year): seeks each partition
 * to shortly before the message's sending time and scans a bounded window for its id, in the alert's
 * conversation and from the evidence's sender (an id alone is not proof it is the same message). No consumer
 * group, nothing committed, nothing logged about the content.
 */
public final class KafkaOriginalText implements OriginalTextSource {

    private static final Duration BEFORE = Duration.ofMinutes(10);
    private static final Duration AFTER = Duration.ofMinutes(30);
    private static final int MAX_RECORDS = 200_000;

    private final Properties clientProps;
    private final Topics topics;

    public KafkaOriginalText(Properties clientProps, Topics topics) {
        this.clientProps = clientProps;
        this.topics = topics;
    }

    @Override
    public Optional<String> find(String messageId, String conversationId, String senderId, Instant sentAt) {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "chatguard-console-original");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : topics.inputs()) {
                for (PartitionInfo pi : c.partitionsFor(t, Duration.ofSeconds(10))) {
                    parts.add(new TopicPartition(t, pi.partition()));
                }
            }
            c.assign(parts);
            long from = (sentAt == null ? Instant.EPOCH : sentAt.minus(BEFORE)).toEpochMilli();
            long until = sentAt == null ? Long.MAX_VALUE : sentAt.plus(AFTER).toEpochMilli();
            Map<TopicPartition, Long> query = new HashMap<>();
            parts.forEach(tp -> query.put(tp, from));
            Map<TopicPartition, OffsetAndTimestamp> start = c.offsetsForTimes(query, Duration.ofSeconds(10));
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(10));
            List<TopicPartition> live = new ArrayList<>();
            for (TopicPartition tp : parts) {
                OffsetAndTimestamp o = start.get(tp);
                if (o != null && o.offset() < end.get(tp)) {
                    c.seek(tp, o.offset());
                    live.add(tp);
                }
            }
            c.assign(live);
            int scanned = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!live.isEmpty() && scanned < MAX_RECORDS && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    scanned++;
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.timestamp() > until) {
                        live.remove(tp);
                        continue;
                    }
                    if (r.offset() + 1 >= end.get(tp)) {
                        live.remove(tp);
                    }
                    String text = match(r.value(), messageId, conversationId, senderId);
                    if (text != null) {
                        return Optional.of(text);
                    }
                }
                c.assign(live);
            }
            return Optional.empty();
        }
    }

    private static String match(byte[] value, String messageId, String conversationId, String senderId) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode n = EventJson.mapper().readTree(value);
            if (n != null && n.path("id").isTextual() && n.get("id").asText().equals(messageId) && n.path("text").isTextual()
                    && Objects.equals(textOrNull(n, "conversationId"), conversationId)
                    && (senderId == null || senderId.equals(textOrNull(n, "senderId")))) {
                return n.get("text").asText();
            }
        } catch (IOException e) {
            // not JSON (a dead letter's source record): not the message we look for
        }
        return null;
    }

    private static String textOrNull(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
