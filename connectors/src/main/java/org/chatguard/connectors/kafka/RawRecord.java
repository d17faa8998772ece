package org.chatguard.connectors.kafka;

/**
 * An input record as it came off Kafka, before parsing: parsing happens in its own operator so that
 * bad records become dead letters with their source coordinates instead of failing the source.
 */
public record RawRecord(String topic, int partition, long offset, long timestamp, byte[] value) {
}
