package org.chatguard.load.run;

import java.time.Instant;

/** What to send and when: a constant-rate generator, a capture replay, ... */
public interface Feed {

    /** Called once before the first {@link #next}, with the wall-clock time of the run's start. */
    void start(Instant wallStart);

    /** Fills {@code slot} with the next send; {@code false} when the feed is exhausted. */
    boolean next(Slot slot);

    /** The sequence number of the message a decision id answers, or -1 if it is not one of ours. */
    long seqOf(String decisionId);

    /** Upper bound of sequence numbers (exclusive). */
    long capacity();

    /** Scheduled messages per second, for reports; 0 when the feed has no schedule (as fast as possible). */
    double targetRate();
}
