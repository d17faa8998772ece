package org.chatguard.load.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A trivial stand-in for the job: reads the input topics (from their end at start-up) and writes an
 * {@code ALLOW} decision carrying each message's id. Measures the load tool and the broker, not ChatGuard.
 */
public final class EchoResponder implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String decisionsTopic;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long echoed;

    public EchoResponder(String bootstrapServers, List<String> inputTopics, String decisionsTopic) {
        Localhost.require(bootstrapServers);
        Properties c = new Properties();
        c.put("bootstrap.servers", bootstrapServers);
        c.put("enable.auto.commit", "false");
        c.put("client.id", "chatguard-load-echo");
        consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("linger.ms", "1");
        p.put("client.id", "chatguard-load-echo");
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.decisionsTopic = decisionsTopic;
        List<TopicPartition> parts = new ArrayList<>();
        for (String t : inputTopics) {
            for (PartitionInfo pi : consumer.partitionsFor(t, Duration.ofSeconds(30))) {
                parts.add(new TopicPartition(t, pi.partition()));
            }
        }
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        for (TopicPartition tp : parts) {
            consumer.position(tp, Duration.ofSeconds(30));
        }
        thread = new Thread(this::loop, "echo-responder");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> rec : consumer.poll(Duration.ofMillis(100))) {
                    String id = DecisionIds.extract(rec.value());
                    if (id == null) {
                        continue;
                    }
                    String json = "{\"id\":\"" + id + "\",\"action\":\"ALLOW\",\"decidedAt\":\"" + Instant.now() + "\"}";
                    producer.send(new ProducerRecord<>(decisionsTopic, rec.key(), json.getBytes(StandardCharsets.UTF_8)));
                    echoed++;
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    public long echoed() {
        return echoed;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
        producer.close(Duration.ofSeconds(5));
    }
}
