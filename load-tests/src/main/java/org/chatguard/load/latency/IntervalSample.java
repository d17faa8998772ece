package org.chatguard.load.latency;

/**
 * One point of the time series (one sampling interval, normally one second).
 *
 * @param t            seconds since the session started (end of the interval)
 * @param run          which run (or find-max step) it belongs to
 * @param targetRate   scheduled messages/s of that run (0 = as fast as possible)
 * @param sentRate     messages/s actually handed to the producer in the interval
 * @param decidedRate  first-time decisions/s received in the interval
 * @param p50Ms        latency percentiles of decisions received in the interval (corrected), ms; 0 if none
 * @param pending      messages sent and not yet answered at the end of the interval
 */
public record IntervalSample(double t, String run, double targetRate, double sentRate, double decidedRate,
                             double p50Ms, double p90Ms, double p99Ms, double maxMs, long pending) {
}
