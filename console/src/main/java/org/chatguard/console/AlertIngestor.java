package org.chatguard.console;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
import org.chatguard.console.store.IngestStore;
import org.chatguard.model.Decision;
import org.chatguard.model.StaffAlert;

/**
 * Consumes {@code staff-alerts} and {@code decisions} (read_committed, manual commits) into the store,
 * under a supervisor that never lets ingest stop silently.
 *
 * <p>Each record is written to the store together with its offset; Kafka offsets are committed after
 * the batch. On (re)assignment the consumer seeks to the offset after the last one the store applied.
 * A record that cannot be read (not JSON, missing ids) is skipped with its position recorded; a record
 * that cannot be <em>stored</em> is never skipped: the failure ends the consumer, and the supervisor
 * starts a new one after a backoff (doubling up to a bound), which resumes at that same record. So does
 * any other failure of the loop (poll, commit, rebalance). While that happens {@link #status()} says
 * ingest is down, which {@code /readyz}, the metrics and the banner on every console page report.
 * Replays change nothing (highest sequence wins, held messages are keyed by message id), so every
 * alert is in the store exactly once. Logs ids, positions and exception class names, never content.
 */
public final class AlertIngestor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertIngestor.class);
    /** A loop that has not finished a poll for this long is reported down (stuck in a write or commit). */
    static final Duration STALL = Duration.ofSeconds(60);
    private static final Duration LAG_EVERY = Duration.ofSeconds(1);

    /** Restart delays: {@code initial}, doubling after each failure without progress, at most {@code max}. */
    public record Backoff(Duration initial, Duration max) {
        public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    private final Properties consumerProps;
    private final IngestStore store;
    private final Topics topics;
    private final Backoff backoff;
    private final Clock clock;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    private final AtomicLong records = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();
    private volatile boolean up;
    private volatile long lag = -1;
    private volatile Instant lastProgress;
    private volatile Instant lastAppliedRecordTime;
    private volatile Instant downSince;
    private volatile String lastError;

    public AlertIngestor(Properties clientProps, String groupId, Topics topics, IngestStore store) {
        this(clientProps, groupId, topics, store, Backoff.DEFAULT, Clock.systemUTC());
    }

    public AlertIngestor(Properties clientProps, String groupId, Topics topics, IngestStore store, Backoff backoff, Clock clock) {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "chatguard-console-ingest");
        this.consumerProps = p;
        this.store = store;
        this.topics = topics;
        this.backoff = backoff;
        this.clock = clock;
        this.downSince = clock.instant();
        this.thread = new Thread(this::supervise, "console-ingest");
        this.thread.setDaemon(true);
    }

    public AlertIngestor start() {
        thread.start();
        return this;
    }

    /** Waits until partitions are assigned (the consumer is reading). */
    public boolean awaitAssignment(Duration timeout) throws InterruptedException {
        return assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public long recordsSeen() {
        return records.get();
    }

    public long recordsApplied() {
        return applied.get();
    }

    /** What {@code /readyz}, {@code /metrics} and the console banner report. */
    public IngestStatus status() {
        Instant now = clock.instant();
        Instant progress = lastProgress;
        boolean live = up && progress != null && progress.plus(STALL).isAfter(now);
        return new IngestStatus(live, live ? lag : -1, lastAppliedRecordTime, progress, restarts.get(), lastError,
                live ? null : downSince == null ? progress : downSince, records.get(), applied.get(), unreadable.get());
    }

    // ------------------------------------------------------------------ supervisor

    private void supervise() {
        Duration delay = backoff.initial();
        try {
            while (running) {
                boolean progressed = false;
                try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())) {
                    consumer = c;
                    if (!running) {
                        break;
                    }
                    progressed = consume(c);
                } catch (WakeupException e) {
                    if (!running) {
                        break;
                    }
                    failed(e);
                } catch (Throwable e) {
                    // anything at all (a store failure, a poll/commit/rebalance error, an Error from a
                    // library): ingest must not end silently, so it is reported and retried
                    failed(e);
                } finally {
                    consumer = null;
                    markDown();
                }
                if (!running) {
                    break;
                }
                if (progressed) {
                    delay = backoff.initial();
                }
                restarts.incrementAndGet();
                LOG.warn("console ingest restarting in {} ms (restart {})", delay.toMillis(), restarts.get());
                if (stopped.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                    break;
                }
                delay = delay.multipliedBy(2).compareTo(backoff.max()) > 0 ? backoff.max() : delay.multipliedBy(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("console ingest stopped (closed)");
    }

    private void failed(Throwable e) {
        lastError = e.getClass().getSimpleName();
        // class names and frames only: a store or parse failure message could quote a record
        LOG.error("console ingest failed: {}; queues are not being updated until it recovers", SafeErrors.describe(e));
    }

    private void markDown() {
        if (up || downSince == null) {
            downSince = clock.instant();
        }
        up = false;
    }

    /** Runs one consumer until closed; returns normally only on {@link #close()}. @return whether anything was applied */
    private boolean consume(KafkaConsumer<byte[], byte[]> c) {
        c.subscribe(List.of(topics.staffAlerts(), topics.decisions()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                for (TopicPartition tp : partitions) {
                    store.appliedOffset(tp.topic(), tp.partition()).ifPresent(o -> c.seek(tp, o + 1));
                }
                assigned.countDown();
            }
        });
        boolean progressed = false;
        Instant lagAt = Instant.MIN;
        while (running) {
            ConsumerRecords<byte[], byte[]> batch = c.poll(Duration.ofMillis(500));
            for (ConsumerRecord<byte[], byte[]> r : batch) {
                records.incrementAndGet();
                apply(r);
                progressed = true;
            }
            if (!batch.isEmpty()) {
                c.commitSync();
            }
            Set<TopicPartition> assignment = c.assignment();
            Instant now = clock.instant();
            if (!assignment.isEmpty() && (!batch.isEmpty() || !now.isBefore(lagAt.plus(LAG_EVERY)) || !up)) {
                lag = lag(c, assignment);
                lagAt = now;
                lastProgress = now;
                up = true;
            }
        }
        return progressed;
    }

    /** Records between what the store holds and the last committed record of each partition (read_committed). */
    private static long lag(KafkaConsumer<byte[], byte[]> c, Set<TopicPartition> assignment) {
        Map<TopicPartition, Long> end = c.endOffsets(assignment, Duration.ofSeconds(5));
        long total = 0;
        for (TopicPartition tp : assignment) {
            total += Math.max(0, end.getOrDefault(tp, 0L) - c.position(tp, Duration.ofSeconds(5)));
        }
        return total;
    }

    /**
     * Reads one record and stores it with its position. Only reading may fail softly (skipped, counted);
     * a store failure propagates, so the position does not advance past a record that was not stored.
     */
    private void apply(ConsumerRecord<byte[], byte[]> r) {
        boolean isAlert = r.topic().equals(topics.staffAlerts());
        StaffAlert alert = null;
        Decision decision = null;
        try {
            if (isAlert) {
                alert = EventJson.alert(r.value());
                if (alert == null || alert.alertId() == null || alert.tier() == null) {
                    throw new IOException("alert without id or tier");
                }
            } else {
                decision = EventJson.decision(r.value());
                if (decision == null || decision.id() == null || decision.action() == null) {
                    throw new IOException("decision without id or action");
                }
            }
        } catch (IOException | RuntimeException e) {
            unreadable.incrementAndGet();
            // position, never content
            LOG.warn("unreadable record at {}-{}@{} skipped ({})", r.topic(), r.partition(), r.offset(), e.getClass().getSimpleName());
            store.skip(r.topic(), r.partition(), r.offset());
            return;
        }
        boolean changed = isAlert ? store.applyAlert(alert, r.topic(), r.partition(), r.offset())
                : store.applyDecision(decision, r.topic(), r.partition(), r.offset());
        lastAppliedRecordTime = Instant.ofEpochMilli(r.timestamp());
        if (changed) {
            applied.incrementAndGet();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        stopped.countDown();
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        thread.join(10_000);
    }
}
