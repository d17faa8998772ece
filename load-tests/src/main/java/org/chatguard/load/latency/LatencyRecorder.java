package org.chatguard.load.latency;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * End-to-end latency of an open-loop run, free of coordinated omission.
 *
 * <p>Each message has a sequence number and an <em>intended</em> send time from its schedule. When its
 * decision arrives, the latency charged is {@code arrival - intended}, not {@code arrival - actual send}:
 * if the sender (or the producer's buffer, or the broker) stalls, every message that should have gone
 * out during the stall is charged the time it waited, exactly as a user typing at that moment would
 * have experienced it. The naive {@code arrival - actual send} figure is recorded alongside, only to
 * show the difference.
 *
 * <p>Thread model: one sender calls {@link #scheduled}, one consumer calls {@link #complete}, one
 * sampler calls {@link #sample}; all may run concurrently. Latencies are kept in microseconds.
 */
public final class LatencyRecorder {

    public static final long HIGHEST_TRACKABLE_MICROS = TimeUnit.HOURS.toMicros(1);
    private static final int CHUNK_BITS = 16;
    private static final int CHUNK = 1 << CHUNK_BITS;
    private static final long DONE = Long.MIN_VALUE;

    private final long capacity;
    private final long baseNanos;
    /** per seq: intended - base + 1 (0 = not scheduled, DONE = answered) */
    private final AtomicReferenceArray<AtomicLongArray> intended;
    /** per seq: actual send - intended, in nanoseconds (for the naive figure) */
    private final AtomicReferenceArray<AtomicLongArray> sendLag;

    private final Recorder interval = new Recorder(HIGHEST_TRACKABLE_MICROS, 3);
    private final Recorder naiveInterval = new Recorder(HIGHEST_TRACKABLE_MICROS, 3);
    private final Histogram total = new Histogram(HIGHEST_TRACKABLE_MICROS, 3);
    private final Histogram naiveTotal = new Histogram(HIGHEST_TRACKABLE_MICROS, 3);
    private final Histogram sinceSample = new Histogram(HIGHEST_TRACKABLE_MICROS, 3);
    private Histogram recycle;
    private Histogram naiveRecycle;

    private volatile long lastCompletionNanos;
    private final LongAdder scheduledCount = new LongAdder();
    private final LongAdder completedCount = new LongAdder();
    private final LongAdder duplicateCount = new LongAdder();
    private final LongAdder unknownCount = new LongAdder();

    /**
     * @param capacity  upper bound of sequence numbers (exclusive); memory is allocated in chunks as used
     * @param baseNanos a clock reading not after any intended time (e.g. the run's start)
     */
    public LatencyRecorder(long capacity, long baseNanos) {
        if (capacity < 1 || capacity > (long) Integer.MAX_VALUE * CHUNK) {
            throw new IllegalArgumentException("bad capacity " + capacity);
        }
        this.capacity = capacity;
        this.baseNanos = baseNanos;
        int chunks = (int) ((capacity + CHUNK - 1) >>> CHUNK_BITS);
        intended = new AtomicReferenceArray<>(chunks);
        sendLag = new AtomicReferenceArray<>(chunks);
    }

    public long capacity() {
        return capacity;
    }

    /**
     * Registers message {@code seq} before it is handed to the producer.
     *
     * @param intendedNanos when the schedule said it should be sent
     * @param actualNanos   when the sender actually got to it ({@code >= intendedNanos} unless early)
     */
    public void scheduled(long seq, long intendedNanos, long actualNanos) {
        if (seq < 0 || seq >= capacity) {
            throw new IndexOutOfBoundsException("seq " + seq + " outside [0," + capacity + ")");
        }
        long rel = intendedNanos - baseNanos + 1;
        if (rel < 1) {
            throw new IllegalArgumentException("intended time before the recorder's base");
        }
        int c = (int) (seq >>> CHUNK_BITS);
        int i = (int) (seq & (CHUNK - 1));
        AtomicLongArray lag = sendLag.get(c);
        if (lag == null) {
            // only the sender thread allocates, so no race between two allocations
            lag = new AtomicLongArray(CHUNK);
            sendLag.set(c, lag);
            intended.set(c, new AtomicLongArray(CHUNK));
        }
        lag.set(i, actualNanos - intendedNanos);
        intended.get(c).set(i, rel);
        scheduledCount.increment();
    }

    /**
     * The decision for {@code seq} arrived at {@code nowNanos}.
     *
     * @return the latency charged in nanoseconds the first time; -1 for duplicates (at-least-once) and unknown seqs
     */
    public long complete(long seq, long nowNanos) {
        if (seq < 0 || seq >= capacity) {
            unknownCount.increment();
            return -1;
        }
        int c = (int) (seq >>> CHUNK_BITS);
        AtomicLongArray arr = intended.get(c);
        if (arr == null) {
            unknownCount.increment();
            return -1;
        }
        int i = (int) (seq & (CHUNK - 1));
        long rel = arr.getAndSet(i, DONE);
        if (rel == DONE) {
            duplicateCount.increment();
            return -1;
        }
        if (rel == 0) {
            arr.set(i, 0);
            unknownCount.increment();
            return -1;
        }
        long intendedNanos = rel - 1 + baseNanos;
        long latencyNanos = Math.max(0, nowNanos - intendedNanos);
        long naiveNanos = Math.max(0, latencyNanos - sendLag.get(c).get(i));
        interval.recordValue(Math.min(HIGHEST_TRACKABLE_MICROS, latencyNanos / 1000));
        naiveInterval.recordValue(Math.min(HIGHEST_TRACKABLE_MICROS, naiveNanos / 1000));
        completedCount.increment();
        lastCompletionNanos = nowNanos;
        return latencyNanos;
    }

    /** A decision whose id did not belong to this run. */
    public void unknown() {
        unknownCount.increment();
    }

    private void drain() {
        recycle = interval.getIntervalHistogram(recycle);
        naiveRecycle = naiveInterval.getIntervalHistogram(naiveRecycle);
        total.add(recycle);
        naiveTotal.add(naiveRecycle);
        sinceSample.add(recycle);
    }

    /** Latencies recorded since the previous call (corrected), microseconds; for the time series. */
    public synchronized Histogram sample() {
        drain();
        Histogram h = sinceSample.copy();
        sinceSample.reset();
        return h;
    }

    /** All latencies so far (corrected for coordinated omission), microseconds. */
    public synchronized Histogram total() {
        drain();
        return total.copy();
    }

    /** All latencies so far measured from the actual send (what a closed-loop tool would report), microseconds. */
    public synchronized Histogram naiveTotal() {
        drain();
        return naiveTotal.copy();
    }

    public long scheduledCount() {
        return scheduledCount.sum();
    }

    public long completedCount() {
        return completedCount.sum();
    }

    public long duplicateCount() {
        return duplicateCount.sum();
    }

    public long unknownCount() {
        return unknownCount.sum();
    }

    /** Clock reading of the latest first-time completion (0 before any). */
    public long lastCompletionNanos() {
        return lastCompletionNanos;
    }

    public long pending() {
        return scheduledCount.sum() - completedCount.sum();
    }
}
