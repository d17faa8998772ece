package org.chatguard.load.run;

import org.chatguard.load.latency.LatencySummary;

/**
 * The outcome of one open-loop run (or one find-max step).
 *
 * @param targetRate      scheduled messages/s (0 = as fast as possible)
 * @param sent            messages handed to the producer
 * @param decided         messages whose decision came back (first time)
 * @param missing         messages still without a decision when the drain timeout ended
 * @param duplicates      decisions seen more than once (at-least-once delivery)
 * @param sendFailures    producer sends that failed
 * @param sendSeconds     time the sender took
 * @param sentRate        sent / sendSeconds
 * @param decidedRate     decided / (start .. last decision)
 * @param latency         end-to-end latency from each message's intended send time (coordinated omission corrected)
 * @param naiveLatency    the same measured from the actual send, for comparison only
 */
public record RunResult(
        String name,
        double targetRate,
        long sent,
        long decided,
        long missing,
        long duplicates,
        long sendFailures,
        double sendSeconds,
        double sentRate,
        double decidedRate,
        LatencySummary latency,
        LatencySummary naiveLatency) {

    public String oneLine() {
        return String.format(java.util.Locale.ROOT,
                "%s: target %.0f/s, sent %d (%.0f/s), decided %d (%.0f/s), missing %d, dup %d | latency %s",
                name, targetRate, sent, sentRate, decided, decidedRate, missing, duplicates, latency);
    }
}
