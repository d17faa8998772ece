package org.chatguard.load.replay;

/** Monotonic time in nanoseconds; injectable so pacing and latency can be tested without waiting. */
@FunctionalInterface
public interface NanoClock {

    long nanoTime();

    NanoClock SYSTEM = System::nanoTime;
}
