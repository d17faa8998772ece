package org.chatguard.load.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.chatguard.load.run.Transport;

/** The site's side: a plain Kafka producer (acks=all, small linger) writing input records. */
public final class KafkaTransport implements Transport {

    private final KafkaProducer<byte[], byte[]> producer;
    private final LongAdder failures = new LongAdder();

    public KafkaTransport(String bootstrapServers) {
        Properties p = new Properties();
        p.put("bootstrap.servers", Localhost.require(bootstrapServers));
        p.put("acks", "all");
        p.put("linger.ms", "1");
        p.put("batch.size", Integer.toString(64 * 1024));
        p.put("buffer.memory", Long.toString(64L * 1024 * 1024));
        p.put("client.id", "chatguard-load");
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void send(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value),
                (md, e) -> {
                    if (e != null) {
                        failures.increment();
                    }
                });
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public long failures() {
        return failures.sum();
    }

    @Override
    public void close() {
        producer.close();
    }
}
