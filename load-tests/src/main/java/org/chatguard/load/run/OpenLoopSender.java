package org.chatguard.load.run;

import org.chatguard.load.latency.LatencyRecorder;
import org.chatguard.load.replay.Pacer;

/**
 * Sends a feed on its schedule, whatever happens downstream (open loop): the sender never waits for a
 * decision, and a send that is late because the sender or the producer stalled is still charged from
 * its scheduled time (see {@link LatencyRecorder}).
 */
public final class OpenLoopSender {

    /** Called after each send, e.g. to count it in metrics. */
    public interface SendListener {
        void sent(long seq, long lateNanos);
    }

    private final Pacer pacer;
    private final Transport transport;
    private final SendListener listener;

    public OpenLoopSender(Pacer pacer, Transport transport, SendListener listener) {
        this.pacer = pacer;
        this.transport = transport;
        this.listener = listener == null ? (s, l) -> { } : listener;
    }

    /**
     * @param startNanos    clock reading the feed's offsets count from
     * @param deadlineNanos stop sending at this clock reading even if the feed has more
     * @return messages sent
     */
    public long run(Feed feed, LatencyRecorder recorder, long startNanos, long deadlineNanos) throws InterruptedException {
        Slot s = new Slot();
        long sent = 0;
        while (feed.next(s)) {
            long intended = s.offsetNanos < 0 ? pacer.clock().nanoTime() : startNanos + s.offsetNanos;
            if (intended - deadlineNanos > 0) {
                break;
            }
            long now = pacer.awaitUntil(intended);
            recorder.scheduled(s.seq, intended, now);
            transport.send(s.topic, s.key, s.value);
            sent++;
            listener.sent(s.seq, now - intended);
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
        }
        transport.flush();
        return sent;
    }
}
