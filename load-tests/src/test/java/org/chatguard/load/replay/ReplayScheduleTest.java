package org.chatguard.load.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.chatguard.connectors.Topics;
import org.chatguard.load.run.ReplayFeed;
import org.chatguard.load.run.Slot;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;

class ReplayScheduleTest {

    static final Instant T0 = Instant.parse("2026-11-27T09:00:00Z");

    /** A clock that only moves when the code under test sleeps. */
    static final class FakeClock implements NanoClock, Sleeper {
        long now = 1_000_000_000L;
        final List<Long> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            sleeps.add(nanos);
            now += nanos;
        }
    }

    private static List<Instant> times(long... millis) {
        List<Instant> l = new ArrayList<>();
        for (long m : millis) {
            l.add(T0.plusMillis(m));
        }
        return l;
    }

    @Test
    void tenTimesFasterDividesEveryGap() {
        ReplaySchedule s = new ReplaySchedule(times(0, 1_000, 3_000, 3_500, 10_000), 10, 1);
        long[] expectedMs = {0, 100, 300, 350, 1_000};
        for (int i = 0; i < expectedMs.length; i++) {
            assertEquals(expectedMs[i] * 1_000_000, s.offsetNanos(0, i), "send " + i);
        }
    }

    @Test
    void originalPaceAndOutOfOrderCaptureAreSortedBySentAt() {
        ReplaySchedule s = new ReplaySchedule(times(2_000, 0, 1_000), 1, 1);
        assertEquals(1, s.captureIndex(0));
        assertEquals(2, s.captureIndex(1));
        assertEquals(0, s.captureIndex(2));
        assertEquals(2_000_000_000L, s.offsetNanos(0, 2));
    }

    @Test
    void loopsFollowEachOtherOneSpanApartWithDistinctIdsAndSentAt() {
        // span = last (3 s) + mean gap (1 s) = 4 s; at 2x a loop takes 2 s
        ReplaySchedule s = new ReplaySchedule(times(0, 1_000, 2_000, 3_000), 2, 3);
        assertEquals(12, s.total());
        assertEquals(2_000_000_000L, s.offsetNanos(1, 0));
        assertEquals(5_500_000_000L, s.offsetNanos(2, 3));
        assertEquals("m-1", ReplaySchedule.loopId("m-1", 0));
        assertEquals("m-1~2", ReplaySchedule.loopId("m-1", 2));
        assertEquals(T0.plusSeconds(8), s.loopSentAt(T0, 2));
    }

    @Test
    void asFastAsPossibleHasNoSchedule() {
        ReplaySchedule s = new ReplaySchedule(times(0, 60_000), ReplaySchedule.ASAP, 1);
        assertTrue(s.asap());
        assertEquals(-1, s.offsetNanos(0, 1));
    }

    @Test
    void pacerWaitsUntilEachDueTimeAndNeverForThePast() throws Exception {
        FakeClock clock = new FakeClock();
        Pacer pacer = new Pacer(clock, clock);
        ReplaySchedule s = new ReplaySchedule(times(0, 1_000, 3_000, 3_500, 10_000), 10, 1);
        long start = clock.nanoTime();
        List<Long> sentAt = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            sentAt.add(pacer.awaitUntil(start + s.offsetNanos(0, i)) - start);
        }
        assertEquals(List.of(0L, 100_000_000L, 300_000_000L, 350_000_000L, 1_000_000_000L), sentAt);
        clock.now += 5_000_000_000L; // the sender fell behind: a past due time returns at once
        int sleepsBefore = clock.sleeps.size();
        pacer.awaitUntil(start + 2_000_000_000L);
        assertEquals(sleepsBefore, clock.sleeps.size());
    }

    @Test
    void replayFeedRewritesLoopsAndMatchesDecisionsBack() {
        List<ChatMessage> capture = List.of(
                msg("a", 0), msg("b", 1_000), msg("c", 2_000));
        ReplaySchedule s = new ReplaySchedule(capture.stream().map(ChatMessage::sentAt).toList(), 10, 2);
        ReplayFeed feed = new ReplayFeed(capture, s, Topics.defaults(), false);
        feed.start(Instant.now());
        List<String> values = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        Slot slot = new Slot();
        while (feed.next(slot)) {
            values.add(new String(slot.value));
            offsets.add(slot.offsetNanos / 1_000_000);
            assertEquals(slot.seq, feed.seqOf(org.chatguard.load.kafka.DecisionIds.extract(slot.value)));
        }
        assertEquals(6, values.size());
        assertEquals(List.of(0L, 100L, 200L, 300L, 400L, 500L), offsets);
        assertTrue(values.get(3).startsWith("{\"id\":\"a~1\""), values.get(3));
        assertTrue(values.get(3).contains("\"sentAt\":\"2026-11-27T09:00:03Z\""), values.get(3));
        assertEquals(-1, feed.seqOf("zzz"));
        assertEquals(-1, feed.seqOf("a~7"));
    }

    private static ChatMessage msg(String id, long ms) {
        return new ChatMessage(id, ContentKind.CHAT, "general", "c-1", "u-1", List.of(), "hello", T0.plusMillis(ms));
    }
}
