package org.chatguard.load.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;

import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.kafka.KafkaSettings;

/**
 * The bench must measure the job as it runs in production: keyed risk state in RocksDB unless
 * {@code --state hashmap} asks otherwise. The environment is built exactly as {@link Bench} builds it
 * (nothing is started: building a Kafka source does not connect).
 */
class BenchStateBackendTest {

    private static String backendOfBenchJob(String state) throws Exception {
        Topics topics = Topics.defaults();
        KafkaSettings settings = new KafkaSettings("localhost:9", "bench-test");
        StreamExecutionEnvironment env = Jobs.localEnv(1, Duration.ofSeconds(5), null);
        ChatGuardJobs.build(env, Jobs.boundedRawSource(settings, topics.inputs()), settings, topics, 1,
                Duration.ofSeconds(5), "bench-test", null, state);
        return env.getConfiguration().get(StateBackendOptions.STATE_BACKEND);
    }

    @Test
    void chatGuardJobOfTheBenchKeepsItsStateInRocksDbByDefault() throws Exception {
        assertEquals("rocksdb", backendOfBenchJob(null), "the job's own default");
        assertEquals("rocksdb", backendOfBenchJob("rocksdb"));
        assertEquals("hashmap", backendOfBenchJob("hashmap"));
    }

    @Test
    void settingsRefuseAnUnknownBackend() {
        assertThrows(IllegalArgumentException.class, () -> new Bench.Settings(1, 1, 0.05, 1, 1, Duration.ofSeconds(5),
                List.of("chatguard"), 1, Duration.ofMinutes(1), null, null, "heap"));
    }
}
