package org.chatguard.load.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * When each message of a capture is due, relative to the start of a replay. A capture is replayed in
 * {@code sentAt} order at its original pace ({@code speed = 1}), {@code speed} times faster, or as fast
 * as possible ({@code speed = 0}, no schedule). Loop {@code k} starts one capture span after loop
 * {@code k-1} (the span is first-to-last sentAt plus one mean gap, so the last message of a loop and the
 * first of the next are not simultaneous), and gets ids {@code <id>~<k>} and sentAt shifted by
 * {@code k} spans, so loops are distinct messages.
 */
public final class ReplaySchedule {

    /** Speed meaning "as fast as possible". */
    public static final double ASAP = 0;

    private final int[] order;
    private final long[] originalOffsetNanos;
    private final long spanNanos;
    private final double speed;
    private final int loops;

    /**
     * @param sentAts the capture's sentAt values in file order
     * @param speed   1 = original pace, 10 = ten times faster, 0 = as fast as possible
     * @param loops   how many times to play the capture (at least 1)
     */
    public ReplaySchedule(List<Instant> sentAts, double speed, int loops) {
        if (sentAts.isEmpty()) {
            throw new IllegalArgumentException("empty capture");
        }
        if (speed < 0 || Double.isNaN(speed) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be >= 0 (0 = as fast as possible)");
        }
        if (loops < 1) {
            throw new IllegalArgumentException("loops must be >= 1");
        }
        int n = sentAts.size();
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        // stable: messages with the same sentAt keep their file order
        Arrays.sort(idx, Comparator.comparing(sentAts::get));
        order = new int[n];
        originalOffsetNanos = new long[n];
        Instant first = sentAts.get(idx[0]);
        for (int i = 0; i < n; i++) {
            order[i] = idx[i];
            originalOffsetNanos[i] = Duration.between(first, sentAts.get(idx[i])).toNanos();
        }
        long last = originalOffsetNanos[n - 1];
        spanNanos = last + (n > 1 ? Math.max(1, last / (n - 1)) : 1_000_000_000L);
        this.speed = speed;
        this.loops = loops;
    }

    public int size() {
        return order.length;
    }

    public int loops() {
        return loops;
    }

    public long total() {
        return (long) order.length * loops;
    }

    public boolean asap() {
        return speed == ASAP;
    }

    /** Index into the capture of the {@code i}-th send of a loop. */
    public int captureIndex(int i) {
        return order[i];
    }

    /** Original (unscaled) time between the first sentAt of the capture and the start of the next loop. */
    public Duration span() {
        return Duration.ofNanos(spanNanos);
    }

    /** Due time of the {@code i}-th send of loop {@code loop}, in nanoseconds after the replay start; -1 when ASAP. */
    public long offsetNanos(int loop, int i) {
        if (asap()) {
            return -1;
        }
        double original = (double) loop * spanNanos + originalOffsetNanos[i];
        return Math.round(original / speed);
    }

    /** The id a loop sends: the original in loop 0, {@code <id>~<loop>} afterwards. */
    public static String loopId(String id, int loop) {
        return loop == 0 ? id : id + "~" + loop;
    }

    /** The sentAt a loop sends: the original shifted by whole spans. */
    public Instant loopSentAt(Instant original, int loop) {
        return loop == 0 ? original : original.plusNanos(loop * spanNanos);
    }
}
