package org.chatguard.load.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import org.chatguard.load.latency.LatencyRecorder;
import org.chatguard.load.replay.NanoClock;
import org.chatguard.load.run.Feed;

/**
 * Reads the decisions topic from its end (as of start-up) and matches each decision to the message it
 * answers by id, completing that message's latency. Several runs may be registered at once (a step of
 * find-max still draining while the next starts); each claims the ids of its own feed.
 */
public final class DecisionListener implements AutoCloseable {

    /** Notified for every first-time completion, e.g. to feed a Prometheus histogram. */
    public interface CompletionListener {
        void completed(long latencyNanos);
    }

    private record Registered(Feed feed, LatencyRecorder recorder) {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final NanoClock clock;
    private final List<Registered> runs = new CopyOnWriteArrayList<>();
    private final CompletionListener listener;
    private final LongAdder received = new LongAdder();
    private final LongAdder foreign = new LongAdder();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    public DecisionListener(String bootstrapServers, String topic, NanoClock clock, CompletionListener listener) {
        Properties p = new Properties();
        p.put("bootstrap.servers", Localhost.require(bootstrapServers));
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        p.put("client.id", "chatguard-load-decisions");
        p.put("max.poll.records", "5000");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.clock = clock;
        this.listener = listener == null ? l -> { } : listener;
        List<TopicPartition> parts = new ArrayList<>();
        for (PartitionInfo pi : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
            parts.add(new TopicPartition(topic, pi.partition()));
        }
        if (parts.isEmpty()) {
            consumer.close();
            throw new IllegalStateException("topic '" + topic + "' does not exist");
        }
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        for (TopicPartition tp : parts) {
            consumer.position(tp, Duration.ofSeconds(30)); // resolve the seek now: only later decisions count
        }
        thread = new Thread(this::loop, "decision-listener");
        thread.setDaemon(true);
        thread.start();
    }

    public void register(Feed feed, LatencyRecorder recorder) {
        runs.add(new Registered(feed, recorder));
    }

    public void unregister(LatencyRecorder recorder) {
        runs.removeIf(r -> r.recorder == recorder);
    }

    private void loop() {
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
                if (batch.isEmpty()) {
                    continue;
                }
                long now = clock.nanoTime();
                for (ConsumerRecord<byte[], byte[]> rec : batch) {
                    received.increment();
                    String id = DecisionIds.extract(rec.value());
                    if (id == null || !dispatch(id, now)) {
                        foreign.increment();
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (Throwable t) {
            failure = t;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private boolean dispatch(String id, long now) {
        for (Registered r : runs) {
            long seq = r.feed.seqOf(id);
            if (seq >= 0) {
                long latency = r.recorder.complete(seq, now);
                if (latency >= 0) {
                    listener.completed(latency);
                }
                return true;
            }
        }
        return false;
    }

    /** Decisions read, including ones of other runs and duplicates. */
    public long received() {
        return received.sum();
    }

    /** Decisions that belonged to no registered run (other traffic on the topic, or a run already closed). */
    public long foreign() {
        return foreign.sum();
    }

    public Throwable failure() {
        return failure;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
