package org.chatguard.console.store;

import java.util.Optional;

import org.chatguard.model.Decision;
import org.chatguard.model.StaffAlert;

/**
 * What the ingest loop writes to: each record is applied together with its Kafka position, so the
 * position only advances for a record that is stored. A write failure throws (and the ingestor retries
 * the record); {@link #skip} is for records that can never be applied (unreadable input) only.
 */
public interface IngestStore {

    /** @return whether anything changed (false for a replay) */
    boolean applyAlert(StaffAlert alert, String topic, int partition, long offset);

    /** @return whether anything changed */
    boolean applyDecision(Decision decision, String topic, int partition, long offset);

    /** Records the position of a record that cannot be read, so it is not read again. */
    void skip(String topic, int partition, long offset);

    /** The last position applied (or skipped) in a partition. */
    Optional<Long> appliedOffset(String topic, int partition);
}
