package org.chatguard.load.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.LongConsumer;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Sum of end offsets of a topic (= records, for a topic written without transactions), polled every 20 ms
 * until it has grown by an expected count: how {@code bench} counts a job's output, and how
 * {@code count-decisions} counts the decisions of a job running elsewhere (a cluster).
 */
public final class OffsetWatch implements AutoCloseable {

    static final long POLL_MILLIS = 20;

    /**
     * @param counted    records beyond the base when the wait ended
     * @param firstNanos {@link System#nanoTime()} of the first poll that saw a record beyond the base (0: none)
     * @param lastNanos  {@link System#nanoTime()} of the last poll (the one that saw the expected count, if complete)
     * @param complete   the expected count was reached before the deadline
     */
    public record Progress(long counted, long firstNanos, long lastNanos, boolean complete) {

        /** First output record seen until the last poll: the job's start-up excluded. */
        public double steadySeconds() {
            return firstNanos == 0 ? 0 : (lastNanos - firstNanos) / 1e9;
        }
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> parts = new ArrayList<>();

    public OffsetWatch(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("client.id", "bench-offset-watch");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            consumer.close();
            throw new IllegalArgumentException("topic " + topic + " does not exist");
        }
        for (PartitionInfo pi : infos) {
            parts.add(new TopicPartition(topic, pi.partition()));
        }
    }

    public long total() {
        long sum = 0;
        for (long v : consumer.endOffsets(parts, Duration.ofSeconds(30)).values()) {
            sum += v;
        }
        return sum;
    }

    /**
     * Polls until the topic holds {@code expected} records more than {@code base}, or {@code deadlineNanos}
     * ({@link System#nanoTime()}) passes.
     *
     * @param onPoll called after every poll with the records counted beyond the base (progress output)
     */
    public Progress await(long base, long expected, long deadlineNanos, LongConsumer onPoll) throws InterruptedException {
        long target = base + expected;
        long first = 0;
        long now;
        long seen;
        while (true) {
            now = System.nanoTime();
            seen = total();
            onPoll.accept(seen - base);
            if (first == 0 && seen > base) {
                first = now;
            }
            if (seen >= target) {
                return new Progress(seen - base, first, now, true);
            }
            if (now - deadlineNanos > 0) {
                return new Progress(seen - base, first, now, false);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
