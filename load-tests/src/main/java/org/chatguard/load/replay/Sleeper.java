package org.chatguard.load.replay;

import java.util.concurrent.locks.LockSupport;

/** Waits; injectable so tests can advance a fake clock instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

    void sleepNanos(long nanos) throws InterruptedException;

    /**
     * Parks, never spins: the tool shares two cores with the broker and the job, and a spinning sender
     * would steal a core. Parking overshoots by up to ~0.1 ms; the messages due meanwhile go out as a
     * burst and are charged from their due time, so the overshoot is measured, not hidden. Callers
     * re-check the clock after every wake-up.
     */
    Sleeper SYSTEM = nanos -> {
        LockSupport.parkNanos(nanos);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    };
}
