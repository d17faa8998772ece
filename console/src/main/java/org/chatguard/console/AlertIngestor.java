package org.chatguard.console;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.json.EventJson;
import org.chatguard.console.store.AlertStore;

/**
 * Consumes {@code staff-alerts} and {@code decisions} (read_committed, manual commits) into the store.
 * Each record is written to RocksDB together with its offset; Kafka offsets are committed after the
 * batch. On (re)assignment the consumer seeks to the offset after the last one the store applied, so a
 * restart neither loses nor re-applies records; and re-applying would change nothing anyway (highest
 * sequence wins, held messages are keyed by message id). Logs ids and counts, never content.
 */
public final class AlertIngestor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertIngestor.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AlertStore store;
    private final Topics topics;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();

    public AlertIngestor(Properties clientProps, String groupId, Topics topics, AlertStore store) {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "chatguard-console-ingest");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.store = store;
        this.topics = topics;
        this.thread = new Thread(this::run, "console-ingest");
        this.thread.setDaemon(true);
    }

    public AlertIngestor start() {
        thread.start();
        return this;
    }

    /** Waits until partitions are assigned (the consumer is reading). */
    public boolean awaitAssignment(Duration timeout) throws InterruptedException {
        return assigned.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    public long recordsSeen() {
        return records.get();
    }

    public long recordsApplied() {
        return applied.get();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topics.staffAlerts(), topics.decisions()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    for (TopicPartition tp : partitions) {
                        store.appliedOffset(tp.topic(), tp.partition()).ifPresent(o -> consumer.seek(tp, o + 1));
                    }
                    assigned.countDown();
                }
            });
            while (running.get()) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
                if (batch.isEmpty()) {
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    records.incrementAndGet();
                    apply(r);
                }
                consumer.commitSync();
            }
        } catch (WakeupException e) {
            if (running.get()) {
                LOG.error("console ingest woken unexpectedly", e);
            }
        } catch (RuntimeException e) {
            LOG.error("console ingest stopped: {}", e.getClass().getSimpleName(), e);
        } finally {
            consumer.close();
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        try {
            boolean changed;
            if (r.topic().equals(topics.staffAlerts())) {
                changed = store.applyAlert(EventJson.alert(r.value()), r.topic(), r.partition(), r.offset());
            } else {
                changed = store.applyDecision(EventJson.decision(r.value()), r.topic(), r.partition(), r.offset());
            }
            if (changed) {
                applied.incrementAndGet();
            }
        } catch (IOException | RuntimeException e) {
            unreadable.incrementAndGet();
            // position, never content
            LOG.warn("unreadable record at {}-{}@{} skipped ({})", r.topic(), r.partition(), r.offset(), e.getClass().getSimpleName());
            store.skip(r.topic(), r.partition(), r.offset());
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        consumer.wakeup();
        thread.join(10_000);
    }
}
