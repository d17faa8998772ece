package org.chatguard.connectors.kafka;

/**
 * An input record as it came off Kafka, before parsing: parsing happens in its own operator so that
 * bad records become dead letters with their source coordinates instead of failing the source.
 *
 * @param value the record's value; {@code null} for a tombstone
 * @param key   the record's key bytes, or {@code null}; the rule-updates topic uses it for the pack's role
 *              ({@code shadow} for a candidate pack)
 */
public record RawRecord(String topic, int partition, long offset, long timestamp, byte[] value, byte[] key) {

    /** A record without a key. */
    public RawRecord(String topic, int partition, long offset, long timestamp, byte[] value) {
        this(topic, partition, offset, timestamp, value, null);
    }

    /** The key as UTF-8 text, or {@code null}. */
    public String keyString() {
        return key == null ? null : new String(key, java.nio.charset.StandardCharsets.UTF_8);
    }
}
