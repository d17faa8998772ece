package org.chatguard.load.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import org.chatguard.load.replay.NanoClock;
import org.chatguard.load.replay.Pacer;
import org.chatguard.load.replay.Sleeper;
import org.chatguard.load.run.Feed;
import org.chatguard.load.run.OpenLoopSender;
import org.chatguard.load.run.Slot;
import org.chatguard.load.run.Transport;

class LatencyRecorderTest {

    static final long MS = 1_000_000L;

    static final class FakeClock implements NanoClock, Sleeper {
        long now = 5_000 * MS;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            now += nanos;
        }
    }

    /** 1000 msgs/s for 3 s. */
    static final class ConstantRate implements Feed {
        long next;

        @Override
        public void start(Instant wallStart) {
        }

        @Override
        public boolean next(Slot s) {
            if (next == 3_000) {
                return false;
            }
            s.seq = next;
            s.offsetNanos = next * MS;
            s.topic = "chat-messages";
            s.key = "c";
            s.value = Long.toString(next).getBytes();
            next++;
            return true;
        }

        @Override
        public long seqOf(String id) {
            return Long.parseLong(id);
        }

        @Override
        public long capacity() {
            return 3_000;
        }

        @Override
        public double targetRate() {
            return 1_000;
        }
    }

    /**
     * A producer that stalls for one second on the 1000th message (t = 1 s); the job answers every
     * message 1 ms after the producer hands it over.
     */
    static final class StallingTransport implements Transport {
        final FakeClock clock;
        final List<long[]> answers = new ArrayList<>();

        StallingTransport(FakeClock clock) {
            this.clock = clock;
        }

        @Override
        public void send(String topic, String key, byte[] value) {
            long seq = Long.parseLong(new String(value));
            if (seq == 1_000) {
                clock.now += 1_000 * MS;
            }
            answers.add(new long[] {seq, clock.now + MS});
        }

        @Override
        public void flush() {
        }

        @Override
        public long failures() {
            return 0;
        }
    }

    @Test
    void aOneSecondStallAt1000PerSecondIsChargedToEveryMessageThatWaited() throws Exception {
        FakeClock clock = new FakeClock();
        StallingTransport transport = new StallingTransport(clock);
        long start = clock.nanoTime();
        LatencyRecorder rec = new LatencyRecorder(3_000, start);
        long sent = new OpenLoopSender(new Pacer(clock, clock), transport, null)
                .run(new ConstantRate(), rec, start, start + 10_000 * MS);
        assertEquals(3_000, sent);
        for (long[] a : transport.answers) {
            assertTrue(rec.complete(a[0], a[1]) >= 0);
        }
        Histogram corrected = rec.total();
        Histogram naive = rec.naiveTotal();
        assertEquals(3_000, corrected.getTotalCount());
        // ~1000 of 3000 messages waited between 0 and 1 s: a third of the distribution is the stall
        assertTrue(corrected.getValueAtPercentile(99) >= 900_000, "p99 " + corrected.getValueAtPercentile(99) + " µs");
        assertTrue(corrected.getValueAtPercentile(90) >= 600_000, "p90 " + corrected.getValueAtPercentile(90) + " µs");
        assertTrue(corrected.getMaxValue() >= 1_000_000);
        assertTrue(corrected.getValueAtPercentile(50) <= 2_000, "p50 " + corrected.getValueAtPercentile(50));
        long waited = corrected.getCountBetweenValues(100_000, 2_000_000);
        assertTrue(waited > 850 && waited < 950, "messages charged over 100 ms: " + waited);
        // what a tool timing from the actual send would have claimed: the stall almost vanishes
        assertTrue(naive.getValueAtPercentile(99) <= 2_000, "naive p99 " + naive.getValueAtPercentile(99));
    }

    @Test
    void duplicatesAndUnknownIdsAreCountedNotRecorded() {
        LatencyRecorder rec = new LatencyRecorder(10, 0);
        rec.scheduled(3, 100 * MS, 100 * MS);
        assertEquals(5 * MS, rec.complete(3, 105 * MS));
        assertEquals(-1, rec.complete(3, 106 * MS));
        assertEquals(-1, rec.complete(4, 106 * MS));
        assertEquals(-1, rec.complete(99, 106 * MS));
        assertEquals(1, rec.completedCount());
        assertEquals(1, rec.duplicateCount());
        assertEquals(2, rec.unknownCount());
        assertEquals(0, rec.pending());
        assertEquals(1, rec.sample().getTotalCount());
        assertEquals(0, rec.sample().getTotalCount());
        assertEquals(1, rec.total().getTotalCount());
    }

    @Test
    void capacityIsAllocatedInChunksAcrossTheBoundary() {
        LatencyRecorder rec = new LatencyRecorder(200_000, 0);
        for (long s = 65_530; s < 65_550; s++) {
            rec.scheduled(s, MS, MS);
        }
        for (long s = 65_530; s < 65_550; s++) {
            assertEquals(MS, rec.complete(s, 2 * MS));
        }
        assertEquals(0, rec.pending());
    }
}
