package org.chatguard.connectors.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

import org.chatguard.connectors.json.EventJson;

/**
 * Writes an event as JSON to one topic, keyed so that everything about one conversation (or one alert)
 * lands on one partition and stays in order for consumers.
 */
public final class JsonRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final SerializableFunction<T, String> key;

    public JsonRecordSerializer(String topic, SerializableFunction<T, String> key) {
        this.topic = topic;
        this.key = key;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        String k = key == null ? null : key.apply(element);
        // No record timestamp: the producer stamps the write time. Flink's element timestamp is the site's
        // sentAt (event time), and a site clock running ahead by more than the broker's
        // log.message.timestamp.after.max.ms (1 h) would get every output rejected and the job failing.
        return new ProducerRecord<>(topic, null, null,
                k == null ? null : k.getBytes(StandardCharsets.UTF_8), EventJson.toBytes(element));
    }
}
