package org.chatguard.load.replay;

import java.util.concurrent.locks.LockSupport;

/** Waits; injectable so tests can advance a fake clock instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

    void sleepNanos(long nanos) throws InterruptedException;

    /** Parks for waits above 100 µs and yields below; callers re-check the clock after every wake-up. */
    Sleeper SYSTEM = nanos -> {
        if (nanos > 100_000) {
            LockSupport.parkNanos(nanos - 50_000);
        } else {
            Thread.onSpinWait();
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    };
}
