package org.chatguard.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.kafka.KafkaSettings;
import org.chatguard.model.Category;
import org.chatguard.model.DeadLetter;
import org.chatguard.model.Decision;
import org.chatguard.rules.ml.LinearModel;
import org.chatguard.rules.ml.ModelDetector;
import org.chatguard.rules.ml.ModelFile;
import org.chatguard.rules.ml.TrainCommand;

/**
 * A model trained with {@code chatguard train} and published to the rule-updates topic takes effect in the
 * running job without a restart, decisions carry its version, and a broken model file is dead-lettered
 * whole while the current model stays in force.
 */
class LiveModelUpdateTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @RegisterExtension
    static final BrokerExtension BROKER = BrokerExtension.plain();

    /** A tiny self-harm model that has learnt one made-up word: easy to tell from the bundled model. */
    static byte[] trainTinyModel(Path dir) throws Exception {
        Path data = dir.resolve("selfharm_tiny.jsonl");
        StringBuilder sb = new StringBuilder();
        String[] filler = {"today", "at school", "with my friends", "after lunch", "again", "lol"};
        for (int i = 0; i < 80; i++) {
            boolean pos = i % 2 == 0;
            String text = (pos ? "wibblesnatch " : "pancakes ") + filler[i % filler.length];
            sb.append("{\"id\":\"t").append(i).append("\",\"text\":\"").append(text).append("\",\"flag\":").append(pos).append("}\n");
        }
        Files.writeString(data, sb.toString());
        Path out = dir.resolve("tiny.cgm");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int rc = TrainCommand.run(List.of("--train", data + ":self-harm", "--folds", "0", "--bits", "10", "--out", out.toString(),
                "--version", "tiny"), new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals(0, rc, log.toString(StandardCharsets.UTF_8));
        return Files.readAllBytes(out);
    }

    @Test
    void publishedModelsApplyWithoutRestartAndBrokenOnesAreRejected(@TempDir Path dir) throws Exception {
        byte[] tiny = trainTinyModel(dir);
        LinearModel tinyModel = ModelFile.read(tiny, "tiny");
        Topics topics = Topics.withPrefix("livemodel.");
        BROKER.kafka().createTopics(topics, 2);
        JobConfig cfg = JobConfig.defaults().withTopics(topics).withParallelism(2)
                .withCheckpointInterval(Duration.ofSeconds(1)).withTransactionalIdPrefix("livemodel-tx");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(1000);
        ChatGuardJob.buildKafka(env, new KafkaSettings(BROKER.kafka().bootstrapServers(), "livemodel"), cfg);
        JobClient job = env.executeAsync("live-model");
        String bundled = ModelDetector.defaultModel().version();
        try (KafkaTestClient site = new KafkaTestClient(BROKER.kafka().clientProperties(), topics)) {
            site.send(topics.chatMessages(), "conv-0", EndToEndScenario.msg("before", "CHAT", "conv-0", "u-1", null, "wibblesnatch today", 1));
            assertTrue(site.pollUntil(c -> c.decisions.containsKey("before"), Duration.ofSeconds(60)));
            assertEquals(bundled, site.decisions.get("before").modelVersion(), "the job starts with the bundled model");

            site.send(topics.ruleUpdates(), "model", tiny);
            String switched = probeUntil(site, topics, tinyModel.version(), Duration.ofSeconds(60));
            Decision after = site.decisions.get(switched);
            assertTrue(after.categories().contains(Category.SELF_HARM), "the new model's word flags: " + after);

            byte[] broken = Arrays.copyOf(tiny, tiny.length - 100); // magic intact, cut short
            site.send(topics.ruleUpdates(), "model", broken);
            assertTrue(site.pollUntil(c -> c.deadLetters.stream().anyMatch(d -> d.sourceTopic().equals(topics.ruleUpdates())),
                    Duration.ofSeconds(60)), "broken model is dead-lettered");
            DeadLetter rejected = site.deadLetters.stream().filter(d -> d.sourceTopic().equals(topics.ruleUpdates())).findFirst().orElseThrow();
            assertTrue(rejected.reason().startsWith("model rejected: "), rejected.reason());
            assertTrue(rejected.reason().contains("checksum") || rejected.reason().contains("truncated"), rejected.reason());

            for (int i = 0; i < 6; i++) {
                site.send(topics.chatMessages(), "conv-" + i, EndToEndScenario.msg("late-" + i, "CHAT", "conv-" + i, "u-1", null, "pancakes", 5));
            }
            assertTrue(site.pollUntil(c -> java.util.stream.IntStream.range(0, 6).allMatch(i -> c.decisions.containsKey("late-" + i)),
                    Duration.ofSeconds(60)));
            for (int i = 0; i < 6; i++) {
                assertEquals(tinyModel.version(), site.decisions.get("late-" + i).modelVersion(), "the broken model changed nothing");
            }
        } finally {
            job.cancel().get();
        }
    }

    private static String probeUntil(KafkaTestClient site, Topics topics, String version, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int round = 0; System.nanoTime() < deadline; round++) {
            String[] ids = new String[6];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = "probe-" + round + "-" + i;
                site.send(topics.chatMessages(), "conv-" + i, EndToEndScenario.msg(ids[i], "CHAT", "conv-" + i, "u-1", null, "wibblesnatch again", 2));
            }
            site.pollUntil(c -> Arrays.stream(ids).allMatch(c.decisions::containsKey), Duration.ofSeconds(20));
            if (Arrays.stream(ids).allMatch(id -> site.decisions.containsKey(id) && version.equals(site.decisions.get(id).modelVersion()))) {
                return ids[0];
            }
            Thread.sleep(300);
        }
        throw new AssertionError("model " + version + " never took effect");
    }
}
