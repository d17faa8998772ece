package org.chatguard.connectors.kafka;

import java.util.List;
import java.util.Properties;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Flink Kafka sources and sinks for ChatGuard's topics, built the same way everywhere. */
public final class KafkaIo {

    /** Transactions must outlive a checkpoint interval and recovery, and stay under the broker's maximum (15 min). */
    public static final String TRANSACTION_TIMEOUT_MS = "600000";

    private KafkaIo() {
    }

    /**
     * Reads raw records from the given topics. A new consumer group starts at the earliest offset, so
     * nothing the site wrote before the job first started goes unmoderated; afterwards the job resumes
     * from its checkpointed offsets.
     */
    public static KafkaSource<RawRecord> rawSource(KafkaSettings settings, List<String> topics) {
        return rawSourceBuilder(settings, topics).build();
    }

    /** The builder behind {@link #rawSource}, for variants such as a bounded source in benchmarks. */
    public static KafkaSourceBuilder<RawRecord> rawSourceBuilder(KafkaSettings settings, List<String> topics) {
        Properties props = settings.clientProps();
        props.put("partition.discovery.interval.ms", "60000");
        props.put("isolation.level", "read_committed");
        return KafkaSource.<RawRecord>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setGroupId(settings.groupId())
                .setTopics(topics)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawRecordDeserializer())
                .setProperties(props);
    }

    /**
     * Reads the rule-updates topic from its beginning on a fresh start: the topic is compacted, so that
     * replays the newest pack per key and a new job picks up the pack operators published last. After a
     * restore, the active pack comes from broadcast state and reading resumes from the checkpoint.
     */
    public static KafkaSource<RawRecord> ruleUpdatesSource(KafkaSettings settings, String topic) {
        Properties props = settings.clientProps();
        props.put("isolation.level", "read_committed");
        return KafkaSource.<RawRecord>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setGroupId(settings.groupId() + "-rules")
                .setTopics(topic)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new RawRecordDeserializer())
                .setProperties(props)
                .build();
    }

    /**
     * Reads staff actions. A new consumer group starts at the earliest offset, so blocks issued before the
     * job first started still apply; afterwards the job resumes from its checkpointed offsets.
     */
    public static KafkaSource<RawRecord> staffActionsSource(KafkaSettings settings, String topic) {
        Properties props = settings.clientProps();
        props.put("isolation.level", "read_committed");
        return KafkaSource.<RawRecord>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setGroupId(settings.groupId() + "-staff")
                .setTopics(topic)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawRecordDeserializer())
                .setProperties(props)
                .build();
    }

    /**
     * A JSON sink to one topic.
     *
     * @param transactionalIdPrefix required for {@link DeliveryGuarantee#EXACTLY_ONCE}; must be unique per sink and job
     */
    public static <T> KafkaSink<T> jsonSink(KafkaSettings settings, String topic, SerializableFunction<T, String> key,
                                            DeliveryGuarantee guarantee, String transactionalIdPrefix) {
        Properties props = settings.clientProps();
        props.put("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
        props.put("linger.ms", "5");
        var builder = KafkaSink.<T>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setKafkaProducerConfig(props)
                .setRecordSerializer(new JsonRecordSerializer<>(topic, key))
                .setDeliveryGuarantee(guarantee);
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(transactionalIdPrefix);
        }
        return builder.build();
    }
}
