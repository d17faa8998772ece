package org.chatguard.pipeline.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads every partition of a topic from {@code since} (or the beginning) to the end offsets seen at the start,
 * keeping records whose own timestamp is in {@code [since, until)}; assigned partitions and no consumer group, so
 * the job's offsets are never touched. Used by {@code backtest}, {@code shadow-report} and {@code publish-rules --promote}.
 */
final class TopicRange {

    private TopicRange() {
    }

    /** @param clientProps the connection's properties (security settings included); not modified */
    static void read(Properties clientProps, String topic, Instant since, Instant until, int maxRecordBytes,
                     Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(Math.max(1 << 20, maxRecordBytes * 2)));
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo pi : c.partitionsFor(topic, Duration.ofSeconds(30))) {
                parts.add(new TopicPartition(topic, pi.partition()));
            }
            c.assign(parts);
            // Timestamps in a partition need not grow with offsets (producer-set times): read up to the end
            // offsets seen now and keep the records whose own timestamp is in [since, until).
            Map<TopicPartition, Long> end = new HashMap<>(c.endOffsets(parts));
            Map<TopicPartition, Long> start = new HashMap<>(c.beginningOffsets(parts));
            if (since != null) {
                Map<TopicPartition, Long> q = new HashMap<>();
                parts.forEach(tp -> q.put(tp, since.toEpochMilli()));
                Map<TopicPartition, OffsetAndTimestamp> found = c.offsetsForTimes(q);
                parts.forEach(tp -> start.put(tp, found.get(tp) == null ? end.get(tp) : found.get(tp).offset()));
            }
            List<TopicPartition> open = new ArrayList<>();
            for (TopicPartition tp : parts) {
                if (start.get(tp) < end.get(tp)) {
                    c.seek(tp, start.get(tp));
                    open.add(tp);
                }
            }
            c.assign(open);
            while (!open.isEmpty()) {
                for (ConsumerRecord<byte[], byte[]> rec : c.poll(Duration.ofMillis(500))) {
                    TopicPartition tp = new TopicPartition(rec.topic(), rec.partition());
                    if (rec.offset() >= end.get(tp) || (until != null && rec.timestamp() >= until.toEpochMilli())
                            || (since != null && rec.timestamp() < since.toEpochMilli())) {
                        continue;
                    }
                    each.accept(rec);
                }
                // a partition is done when its position reaches the end offset (transaction markers included)
                open.removeIf(tp -> c.position(tp) >= end.get(tp));
                c.assign(open);
            }
        }
    }
}
