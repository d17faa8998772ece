package org.chatguard.console;

import java.time.Duration;
import java.time.Instant;

/**
 * A snapshot of the alert ingest, for {@code /readyz}, {@code /metrics} and the console banner.
 *
 * @param up                 a consumer is assigned and finished a poll within the stall bound
 * @param lagRecords         records on {@code staff-alerts} and {@code decisions} not yet in the store; -1 when down
 * @param lastAppliedRecordAt Kafka timestamp of the last record stored (null before the first)
 * @param restarts           consumer restarts after a failure since the console started
 * @param lastError          class name of the last failure (never its message)
 * @param downSince          when ingest last went down (null while up)
 */
public record IngestStatus(boolean up, long lagRecords, Instant lastAppliedRecordAt, Instant lastProgressAt, long restarts,
        String lastError, Instant downSince, long recordsSeen, long recordsApplied, long recordsUnreadable) {

    /** Ready: ingest running and at most {@code maxLag} records behind. */
    public boolean ready(long maxLag) {
        return up && lagRecords >= 0 && lagRecords <= maxLag;
    }

    /** Seconds since the last stored record was written to Kafka; grows in quiet periods too (read it with the lag). */
    public double lastAppliedAgeSeconds(Instant now) {
        return lastAppliedRecordAt == null ? -1 : Duration.between(lastAppliedRecordAt, now).toMillis() / 1000.0;
    }
}
