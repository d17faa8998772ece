package org.chatguard.load.bench;

import java.time.Duration;
import java.util.List;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.json.MessageParser;
import org.chatguard.connectors.kafka.KafkaIo;
import org.chatguard.connectors.kafka.KafkaSettings;
import org.chatguard.connectors.kafka.RawRecord;
import org.chatguard.model.ChatMessage;

/** The jobs the load tool runs on an in-process Flink: the passthrough ceiling (and ChatGuard, see {@link ChatGuardJobs}). */
public final class Jobs {

    private Jobs() {
    }

    /**
     * A local MiniCluster environment, checkpointing as given (0 = off). It sets no state backend: the
     * ChatGuard job configures its own ({@code ChatGuardJob.build}: RocksDB unless told otherwise), the
     * passthrough job has no state.
     */
    public static StreamExecutionEnvironment localEnv(int parallelism, Duration checkpointInterval) {
        return localEnv(parallelism, checkpointInterval, null);
    }

    /**
     * @param bufferTimeout how long a network buffer may wait to fill before it is sent downstream
     *                      (paid per exchange under light traffic); {@code null} = the job's own default (ChatGuard: 10 ms)
     */
    public static StreamExecutionEnvironment localEnv(int parallelism, Duration checkpointInterval, Duration bufferTimeout) {
        Configuration conf = new Configuration();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        env.setParallelism(parallelism);
        if (bufferTimeout != null) {
            env.setBufferTimeout(bufferTimeout.toMillis());
        }
        if (!checkpointInterval.isZero()) {
            env.enableCheckpointing(checkpointInterval.toMillis());
        }
        return env;
    }

    /**
     * The same source as {@link KafkaIo#rawSource} (same properties, earliest for a new group), but
     * bounded at the input's end offsets as of job start: the job finishes when it has read the
     * pre-loaded traffic, so Flink reports its net runtime.
     */
    public static KafkaSource<RawRecord> boundedRawSource(KafkaSettings settings, List<String> topics) {
        return KafkaIo.rawSourceBuilder(settings, topics).setBounded(OffsetsInitializer.latest()).build();
    }

    /**
     * The practical ceiling: Kafka source of the input topics, parse the JSON into a message, serialize
     * it again, Kafka sink (at-least-once, the same producer settings as ChatGuard's sinks). No moderation.
     */
    public static void passthrough(StreamExecutionEnvironment env, Source<RawRecord, ?, ?> source, KafkaSettings settings,
                                   Topics topics, String outputTopic) {
        env.getConfig().enableObjectReuse();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka-input").uid("kafka-input")
                .flatMap(new Parse(topics, new MessageParser())).name("parse").uid("parse")
                .sinkTo(KafkaIo.<ChatMessage>jsonSink(settings, outputTopic, ChatMessage::conversationId,
                        DeliveryGuarantee.AT_LEAST_ONCE, "passthrough"))
                .name("passthrough-sink").uid("passthrough-sink");
    }

    /** Parses like ChatGuard's parse step; records that do not parse are dropped (the bench input has none). */
    static final class Parse implements FlatMapFunction<RawRecord, ChatMessage> {
        private static final long serialVersionUID = 1L;
        private final Topics topics;
        private final MessageParser parser;

        Parse(Topics topics, MessageParser parser) {
            this.topics = topics;
            this.parser = parser;
        }

        @Override
        public void flatMap(RawRecord r, Collector<ChatMessage> out) {
            MessageParser.Result res = parser.parse(r.value(), topics.kindOf(r.topic()));
            if (res.ok()) {
                out.collect(res.message());
            }
        }
    }
}
