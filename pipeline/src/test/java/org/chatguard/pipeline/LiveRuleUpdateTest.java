package org.chatguard.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.kafka.KafkaSettings;
import org.chatguard.model.Action;
import org.chatguard.model.Decision;
import org.chatguard.model.DeadLetter;
import org.chatguard.rules.RulePackLoader;

/**
 * Rule packs published to the rule-updates topic take effect in the running job, decisions carry the
 * version that made them, and a broken pack is dead-lettered while the current one stays in force.
 */
class LiveRuleUpdateTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @RegisterExtension
    static final BrokerExtension BROKER = BrokerExtension.plain();

    static final String PACK_V2 = """
            version: "test-2"
            rules:
              - id: t.bazinga
                category: profanity
                severity: 2
                action: mask
                reason: "test word"
                terms: ["bazinga"]
            """;

    static final String BROKEN = """
            version: "test-3"
            rules:
              - id: t.broken
                category: not-a-category
                severity: 2
                action: mask
                terms: ["anything"]
            """;

    @Test
    void publishedPacksApplyWithoutRestartAndBrokenOnesAreRejected() throws Exception {
        Topics topics = Topics.withPrefix("live.");
        BROKER.kafka().createTopics(topics, 2);
        JobConfig cfg = JobConfig.defaults().withTopics(topics).withParallelism(2)
                .withCheckpointInterval(Duration.ofSeconds(1)).withTransactionalIdPrefix("live-tx");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(1000);
        ChatGuardJob.buildKafka(env, new KafkaSettings(BROKER.kafka().bootstrapServers(), "live"), cfg);
        JobClient job = env.executeAsync("live-rules");
        String defaultVersion = RulePackLoader.defaultPack().version();
        try (KafkaTestClient site = new KafkaTestClient(BROKER.kafka().clientProperties(), topics)) {
            site.send(topics.chatMessages(), "conv-0", EndToEndScenario.msg("before", "CHAT", "conv-0", "u-1", null, "bazinga and fuck", 1));
            assertTrue(site.pollUntil(c -> c.decisions.containsKey("before"), Duration.ofSeconds(60)));
            Decision before = site.decisions.get("before");
            assertEquals(defaultVersion, before.rulePackVersion());
            assertEquals("bazinga and ****", before.displayText());

            site.send(topics.ruleUpdates(), "default", PACK_V2.getBytes(StandardCharsets.UTF_8));
            // Both parallel moderators must switch; probe on several conversations (so both subtasks see
            // probes) until every probe after the switch is judged by the new pack.
            String switched = probeUntil(site, topics, "test-2", Duration.ofSeconds(60));
            Decision after = site.decisions.get(switched);
            assertEquals(Action.MASK, after.action());
            assertEquals("******* and fuck", after.displayText(), "the new pack replaces the old one entirely");

            site.send(topics.ruleUpdates(), "default", BROKEN.getBytes(StandardCharsets.UTF_8));
            assertTrue(site.pollUntil(c -> c.deadLetters.stream().anyMatch(d -> d.sourceTopic().equals(topics.ruleUpdates())),
                    Duration.ofSeconds(60)), "broken pack is dead-lettered");
            DeadLetter rejected = site.deadLetters.stream().filter(d -> d.sourceTopic().equals(topics.ruleUpdates())).findFirst().orElseThrow();
            assertTrue(rejected.reason().startsWith("rule pack rejected: "), rejected.reason());
            assertTrue(rejected.reason().contains("category"), "names the field: " + rejected.reason());

            for (int i = 0; i < 6; i++) {
                site.send(topics.chatMessages(), "conv-" + i, EndToEndScenario.msg("late-" + i, "CHAT", "conv-" + i, "u-1", null, "bazinga", 5));
            }
            assertTrue(site.pollUntil(c -> java.util.stream.IntStream.range(0, 6).allMatch(i -> c.decisions.containsKey("late-" + i)),
                    Duration.ofSeconds(60)));
            for (int i = 0; i < 6; i++) {
                assertEquals("test-2", site.decisions.get("late-" + i).rulePackVersion(), "the broken pack changed nothing");
            }
        } finally {
            job.cancel().get();
        }
    }

    /** Sends probes until one per conversation in a round is decided by {@code version}; returns a probe id. */
    private static String probeUntil(KafkaTestClient site, Topics topics, String version, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int round = 0; System.nanoTime() < deadline; round++) {
            String[] ids = new String[6];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = "probe-" + round + "-" + i;
                site.send(topics.chatMessages(), "conv-" + i, EndToEndScenario.msg(ids[i], "CHAT", "conv-" + i, "u-1", null, "bazinga and fuck", 2));
            }
            site.pollUntil(c -> java.util.Arrays.stream(ids).allMatch(c.decisions::containsKey), Duration.ofSeconds(20));
            if (java.util.Arrays.stream(ids).allMatch(id -> site.decisions.containsKey(id)
                    && version.equals(site.decisions.get(id).rulePackVersion()))) {
                return ids[0];
            }
            Thread.sleep(300);
        }
        throw new AssertionError("rule pack " + version + " never took effect");
    }
}
