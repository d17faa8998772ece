package org.chatguard.load.run;

/** One send, filled in by a {@link Feed}; reused by the sender to avoid garbage. */
public final class Slot {
    /** Sequence number within the feed, {@code [0, capacity)}. */
    public long seq;
    /** Due time after the run's start in nanoseconds; negative = send as soon as possible (no schedule). */
    public long offsetNanos;
    public String topic;
    public String key;
    public byte[] value;
}
