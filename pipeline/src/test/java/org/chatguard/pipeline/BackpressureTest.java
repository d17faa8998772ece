package org.chatguard.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.kafka.RawRecord;
import org.chatguard.model.Decision;
import org.chatguard.model.DeadLetter;
import org.chatguard.model.StaffAlert;

/**
 * A slow decisions sink must slow the whole job down (backpressure) rather than let records pile up:
 * every message still gets exactly one decision, and the source is never more than a bounded number of
 * records ahead of the sink. Without backpressure the source would be done (all records ahead) almost
 * at once.
 */
class BackpressureTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final int MESSAGES = 30_000;
    /** In-flight records the network stack may hold; far below MESSAGES, so reaching it means backpressure. */
    static final long MAX_AHEAD = MESSAGES / 3;

    static final AtomicLong GENERATED = new AtomicLong();
    static final AtomicLong WRITTEN = new AtomicLong();
    static final AtomicLong MAX_GAP = new AtomicLong();
    static final ConcurrentHashMap<String, AtomicInteger> DECIDED = new ConcurrentHashMap<>();
    static final AtomicLong OTHER = new AtomicLong();

    /** Produces chat JSON like the site would; counts how far the source has got. */
    static final class Traffic implements GeneratorFunction<Long, RawRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public RawRecord map(Long i) {
            GENERATED.incrementAndGet();
            String text = i % 10 == 0 ? "you are such an idiot" : "see you at football practice at " + (i % 12) + " o'clock";
            String json = "{\"id\":\"m" + i + "\",\"conversationId\":\"c" + (i % 500) + "\",\"senderId\":\"u" + (i % 800)
                    + "\",\"text\":\"" + text + "\",\"sentAt\":\"2026-11-27T09:00:00Z\"}";
            return new RawRecord("chat-messages", 0, i, 0L, json.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A decisions sink that takes ~0.1 ms per record, like a congested broker. */
    static final class SlowSink implements Sink<Decision> {
        private static final long serialVersionUID = 1L;

        @Override
        public SinkWriter<Decision> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                private int n;

                @Override
                public void write(Decision d, Context ctx) throws InterruptedException {
                    DECIDED.computeIfAbsent(d.id(), k -> new AtomicInteger()).incrementAndGet();
                    long written = WRITTEN.incrementAndGet();
                    MAX_GAP.accumulateAndGet(GENERATED.get() - written, Math::max);
                    if (++n % 10 == 0) {
                        Thread.sleep(1);
                    }
                }

                @Override
                public void flush(boolean endOfInput) {
                }

                @Override
                public void close() {
                }
            };
        }
    }

    static final class CountingSink<T> implements Sink<T> {
        private static final long serialVersionUID = 1L;

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(T element, Context ctx) {
                    OTHER.incrementAndGet();
                }

                @Override
                public void flush(boolean endOfInput) {
                }

                @Override
                public void close() {
                }
            };
        }
    }

    @Test
    void aSlowSinkSlowsTheJobWithoutLossOrUnboundedBuffering() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        JobConfig cfg = JobConfig.defaults().withTopics(Topics.defaults());
        DataGeneratorSource<RawRecord> source = new DataGeneratorSource<>(new Traffic(), MESSAGES, TypeInformation.of(RawRecord.class));
        ChatGuardJob.build(env, source, new JobSinks(new SlowSink(), new CountingSink<StaffAlert>(), new CountingSink<DeadLetter>()), cfg);
        env.execute("backpressure");

        System.out.println("backpressure: max records ahead of the sink = " + MAX_GAP.get());
        assertEquals(MESSAGES, DECIDED.size(), "every message decided");
        assertTrue(DECIDED.values().stream().allMatch(c -> c.get() == 1), "and exactly once");
        assertEquals(MESSAGES, GENERATED.get());
        assertTrue(MAX_GAP.get() < MAX_AHEAD, "the source ran " + MAX_GAP.get() + " records ahead of the slow sink");
    }
}
