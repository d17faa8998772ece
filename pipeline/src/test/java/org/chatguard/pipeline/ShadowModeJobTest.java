package org.chatguard.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.json.EventJson;
import org.chatguard.connectors.kafka.KafkaSettings;
import org.chatguard.model.Action;
import org.chatguard.model.Decision;
import org.chatguard.model.ShadowDiff;
import org.chatguard.pipeline.cli.ChatGuardCli;
import org.chatguard.rules.RulePackLoader;

/**
 * Shadow mode end to end on the embedded broker: {@code publish-rules --shadow} starts a candidate beside the live
 * pack (decisions unchanged, differences on the shadow-diffs topic; per-rule hit counters: ShadowRunTest),
 * {@code shadow-report} summarises them, {@code publish-rules --promote} switches decisions to the candidate
 * without a restart and ends the shadow run.
 */
class ShadowModeJobTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @RegisterExtension
    static final BrokerExtension BROKER = BrokerExtension.plain();

    /** The default pack's profanity is gone; "bazinga" is new. */
    static final String CANDIDATE = """
            version: "cand-1"
            rules:
              - id: t.bazinga
                category: profanity
                severity: 2
                action: mask
                reason: "test word"
                terms: ["bazinga"]
            """;

    static String cli(String... args) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = ChatGuardCli.commandLine().execute(args);
        } finally {
            System.setOut(stdout);
        }
        String s = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, String.join(" ", args) + " -> " + s);
        return s;
    }

    @Test
    void shadowThenPromoteWithoutRestart(@TempDir Path tmp) throws Exception {
        Topics topics = Topics.withPrefix("shadow.");
        BROKER.kafka().createTopics(topics, 2);
        JobConfig cfg = JobConfig.defaults().withTopics(topics).withParallelism(2)
                .withCheckpointInterval(Duration.ofSeconds(1)).withTransactionalIdPrefix("shadow-tx");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(1000);
        ChatGuardJob.buildKafka(env, new KafkaSettings(BROKER.kafka().bootstrapServers(), "shadow"), cfg);
        JobClient job = env.executeAsync("shadow-mode");
        String live = RulePackLoader.defaultPack().version();
        String bootstrap = BROKER.kafka().bootstrapServers();
        Path candidate = tmp.resolve("candidate.yaml");
        Files.writeString(candidate, CANDIDATE);
        Properties props = BROKER.kafka().clientProperties();
        try (KafkaTestClient site = new KafkaTestClient(props, topics);
             KafkaConsumer<byte[], byte[]> diffsIn = new KafkaConsumer<>(consumerProps(props), new ByteArrayDeserializer(),
                     new ByteArrayDeserializer())) {
            diffsIn.subscribe(List.of(topics.shadowDiffs()));
            List<ShadowDiff> diffs = new ArrayList<>();

            site.send(topics.chatMessages(), "conv-0", EndToEndScenario.msg("before", "CHAT", "conv-0", "u-1", null, "bazinga and fuck", 1));
            assertTrue(site.pollUntil(c -> c.decisions.containsKey("before"), Duration.ofSeconds(60)));
            assertEquals(live, site.decisions.get("before").rulePackVersion());

            String published = cli("publish-rules", "--bootstrap-servers", bootstrap, "--topic-prefix", "shadow.", "--shadow",
                    "--file", candidate.toString());
            assertTrue(published.contains("shadow rule pack cand-1"), published);

            // probe both moderating subtasks until every probe has a diff; the decisions still come from the live pack
            String probed = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            for (int round = 0; probed == null && System.nanoTime() < deadline; round++) {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    String id = "probe-" + round + "-" + i;
                    ids.add(id);
                    site.send(topics.chatMessages(), "conv-" + i, EndToEndScenario.msg(id, "CHAT", "conv-" + i, "u-1", null, "bazinga and fuck", 2));
                }
                assertTrue(site.pollUntil(c -> ids.stream().allMatch(c.decisions::containsKey), Duration.ofSeconds(30)));
                for (String id : ids) {
                    Decision d = site.decisions.get(id);
                    assertEquals(live, d.rulePackVersion(), "a shadow pack never acts");
                    assertEquals("bazinga and ****", d.displayText());
                }
                long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                while (System.nanoTime() < until && !ids.stream().allMatch(id -> diffs.stream().anyMatch(x -> x.messageId().equals(id)))) {
                    for (ConsumerRecord<byte[], byte[]> r : diffsIn.poll(Duration.ofMillis(200))) {
                        diffs.add(EventJson.shadowDiff(r.value()));
                    }
                }
                if (ids.stream().allMatch(id -> diffs.stream().anyMatch(x -> x.messageId().equals(id)))) {
                    probed = ids.get(0);
                }
            }
            assertTrue(probed != null, "every probe got a shadow diff once the candidate ran: " + diffs);
            String first = probed;
            ShadowDiff d = diffs.stream().filter(x -> x.messageId().equals(first)).findFirst().orElseThrow();
            assertEquals(live, d.liveVersion());
            assertEquals("cand-1", d.candidateVersion());
            assertEquals(Action.MASK, d.liveAction());
            assertEquals(Action.MASK, d.candidateAction());
            assertEquals(List.of("t.bazinga"), d.candidateRules());
            assertTrue(d.liveRules().contains("prof.fuck"), d.liveRules().toString());
            String raw = new String(EventJson.toBytes(d), StandardCharsets.UTF_8);
            assertTrue(!raw.contains("bazinga and"), "no message text in a diff: " + raw);

            JsonNode report = EventJson.mapper().readTree(cli("shadow-report", "--bootstrap-servers", bootstrap,
                    "--topic-prefix", "shadow.", "--json"));
            assertTrue(report.get("diffs").asLong() >= 6, report.toString());
            JsonNode rules = report.get("rules");
            boolean gained = false;
            boolean lost = false;
            for (JsonNode r : rules) {
                gained |= r.get("rule").asText().equals("t.bazinga") && r.get("gained").asLong() >= 6 && r.get("lost").asLong() == 0;
                lost |= r.get("rule").asText().equals("prof.fuck") && r.get("lost").asLong() >= 6;
            }
            assertTrue(gained && lost, report.toPrettyString());

            String promoted = cli("publish-rules", "--bootstrap-servers", bootstrap, "--topic-prefix", "shadow.", "--promote");
            assertTrue(promoted.contains("promoted cand-1"), promoted);
            String after = probeUntil(site, topics, "cand-1", Duration.ofSeconds(60));
            assertEquals("******* and fuck", site.decisions.get(after).displayText(), "decisions now come from the candidate");

            // the shadow run is over: later messages leave no diffs
            for (int i = 0; i < 6; i++) {
                site.send(topics.chatMessages(), "conv-" + i, EndToEndScenario.msg("late-" + i, "CHAT", "conv-" + i, "u-1", null, "fuck", 5));
            }
            assertTrue(site.pollUntil(c -> java.util.stream.IntStream.range(0, 6).allMatch(i -> c.decisions.containsKey("late-" + i)),
                    Duration.ofSeconds(60)));
            long quiet = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < quiet) {
                for (ConsumerRecord<byte[], byte[]> r : diffsIn.poll(Duration.ofMillis(200))) {
                    diffs.add(EventJson.shadowDiff(r.value()));
                }
            }
            assertTrue(diffs.stream().noneMatch(x -> x.messageId().startsWith("late-")), "no diffs after --promote");
            // promoting again: nothing runs in shadow any more
            assertEquals(1, ChatGuardCli.commandLine().execute("publish-rules", "--bootstrap-servers", bootstrap,
                    "--topic-prefix", "shadow.", "--promote"));
        } finally {
            job.cancel().get();
        }
    }

    static Properties consumerProps(Properties client) {
        Properties p = new Properties();
        p.putAll(client);
        p.put("group.id", "shadow-diff-reader");
        p.put("auto.offset.reset", "earliest");
        return p;
    }

    /** Sends probes until one round on six conversations is all decided by {@code version}; returns a probe id. */
    static String probeUntil(KafkaTestClient site, Topics topics, String version, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int round = 0; System.nanoTime() < deadline; round++) {
            String[] ids = new String[6];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = "after-" + round + "-" + i;
                site.send(topics.chatMessages(), "conv-" + i, EndToEndScenario.msg(ids[i], "CHAT", "conv-" + i, "u-1", null, "bazinga and fuck", 3));
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
