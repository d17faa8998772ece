package org.chatguard.load.replay;

/** Holds the sender back until a message's scheduled time; never waits for a time already past. */
public final class Pacer {

    private final NanoClock clock;
    private final Sleeper sleeper;

    public Pacer(NanoClock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** @return the clock reading once {@code deadlineNanos} has been reached */
    public long awaitUntil(long deadlineNanos) throws InterruptedException {
        long now = clock.nanoTime();
        while (now - deadlineNanos < 0) {
            sleeper.sleepNanos(deadlineNanos - now);
            now = clock.nanoTime();
        }
        return now;
    }

    public NanoClock clock() {
        return clock;
    }
}
