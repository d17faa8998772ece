package org.chatguard.pipeline.metrics;

import static org.chatguard.pipeline.metrics.ChatGuardMetrics.ACTION;
import static org.chatguard.pipeline.metrics.ChatGuardMetrics.ALERTS;
import static org.chatguard.pipeline.metrics.ChatGuardMetrics.CATEGORY;
import static org.chatguard.pipeline.metrics.ChatGuardMetrics.DEAD_LETTERS;
import static org.chatguard.pipeline.metrics.ChatGuardMetrics.DECISIONS;
import static org.chatguard.pipeline.metrics.ChatGuardMetrics.DECISION_LATENCY_BUCKET;
import static org.chatguard.pipeline.metrics.ChatGuardMetrics.KIND;
import static org.chatguard.pipeline.metrics.ChatGuardMetrics.LE;
import static org.chatguard.pipeline.metrics.ChatGuardMetrics.MESSAGES_IN;
import static org.chatguard.pipeline.metrics.ChatGuardMetrics.REASON;
import static org.chatguard.pipeline.metrics.ChatGuardMetrics.RULE_HITS;
import static org.chatguard.pipeline.metrics.ChatGuardMetrics.TIER;
import static org.chatguard.pipeline.metrics.ChatGuardMetrics.prometheusName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.json.MessageParser;
import org.chatguard.connectors.kafka.RawRecord;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.Decision;
import org.chatguard.pipeline.functions.DecideFunction;
import org.chatguard.pipeline.functions.ModerateFunction;
import org.chatguard.pipeline.functions.ParseFunction;
import org.chatguard.pipeline.records.RulePackUpdate;

/**
 * The real parse and moderate functions on a Flink MiniCluster with Flink's Prometheus reporter: every
 * metric name ChatGuard documents (and the dashboard uses) is exported, and the counters move by exactly
 * the right amounts. Also checks that no label carries a user id or message text.
 */
class PrometheusMetricsTest {

    private static final int PORT = freePort();

    @RegisterExtension
    static final MiniClusterExtension FLINK = cluster(PORT);

    static int freePort() {
        try {
            return Prometheus.freePort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One TaskManager, one slot, Flink's Prometheus reporter on {@code port}. */
    static MiniClusterExtension cluster(int port) {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(Prometheus.withReporter(new Configuration(), Integer.toString(port)))
                .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());
    }

    /** Scrapes until {@code done} holds (or a minute has passed) and returns the last scrape. */
    static List<Prometheus.Sample> scrapeUntil(int port, java.util.function.Predicate<List<Prometheus.Sample>> done)
            throws Exception {
        List<Prometheus.Sample> s = List.of();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            s = Prometheus.parse(Prometheus.scrape("localhost", port));
            if (done.test(s)) {
                break;
            }
            Thread.sleep(200);
        }
        return s;
    }

    /** records → parse → {@code moderate} → decide, with no rule updates; every output is discarded. */
    static void stateless(StreamExecutionEnvironment env, MapFunction<Long, RawRecord> records, ModerateFunction moderate) {
        SingleOutputStreamOperator<ChatMessage> messages = env.fromSequence(0, Long.MAX_VALUE)
                .map(records).name("records")
                .filter(r -> !IDLE.equals(r.topic())).name("not-idle")
                .process(new ParseFunction(Topics.defaults(), new MessageParser())).name("parse");
        SingleOutputStreamOperator<Decision> decisions = messages
                .connect(env.fromSequence(0, 0).filter(x -> false).map(x -> (RulePackUpdate) null).returns(RulePackUpdate.class)
                        .broadcast(ModerateFunction.RULE_PACK))
                .process(moderate).name("moderate")
                .process(new DecideFunction()).name("decide");
        decisions.sinkTo(new DiscardingSink<>());
        decisions.getSideOutput(DecideFunction.ALERTS).sinkTo(new DiscardingSink<>());
        messages.getSideOutput(ParseFunction.DEAD_LETTERS).sinkTo(new DiscardingSink<>());
    }

    static final String IDLE = "idle";

    /** Emits the fixed records once, then slow idle records (filtered out) so the job stays up to be scraped. */
    static final class Records implements MapFunction<Long, RawRecord> {
        private static final long serialVersionUID = 1L;

        static RawRecord msg(String topic, String id, String sender, String text) {
            String json = "{\"id\":\"" + id + "\",\"conversationId\":\"conv-" + id + "\",\"senderId\":\"" + sender
                    + "\",\"text\":\"" + text + "\",\"sentAt\":\"" + Instant.now() + "\"}";
            return new RawRecord(topic, 0, 0, 0L, json.getBytes(StandardCharsets.UTF_8));
        }

        static RawRecord bad(byte[] value) {
            return new RawRecord("chat-messages", 0, 0, 0L, value);
        }

        @Override
        public RawRecord map(Long i) throws Exception {
            return switch (i.intValue()) {
                case 0 -> msg("chat-messages", "c1", "u-secret-user", "hello everyone");
                case 1 -> msg("chat-messages", "c2", "u-ben", "this homework is fucking impossible");
                case 2 -> msg("chat-messages", "c3", "u-ivy", "sometimes i want to kill myself");
                case 3 -> msg("private-messages", "p1", "u-pip", "just go kill yourself");
                case 4 -> msg("blog-posts", "b1", "u-tom", "what a load of shit");
                case 5 -> bad("this is not json".getBytes(StandardCharsets.UTF_8));
                case 6 -> bad(("{\"id\":\"x\",\"conversationId\":\"c\",\"senderId\":\"u\",\"text\":42,"
                        + "\"sentAt\":\"2026-11-27T09:00:00Z\"}").getBytes(StandardCharsets.UTF_8));
                case 7 -> bad(new byte[0]);
                case 8 -> bad(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
                default -> {
                    Thread.sleep(50);
                    yield new RawRecord(IDLE, 0, 0, 0L, null);
                }
            };
        }
    }

    @Test
    void everyDocumentedMetricIsExportedAndCountsExactly() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        stateless(env, new Records(), new ModerateFunction(null, null));
        JobClient job = env.executeAsync("metrics-test");
        try {
            List<Prometheus.Sample> s = scrapeUntil(PORT, x -> Prometheus.sum(x, prometheusName(ACTION, DECISIONS), null, null) >= 5
                    && Prometheus.sum(x, prometheusName(REASON, DEAD_LETTERS), null, null) >= 4);
            Set<String> names = s.stream().map(Prometheus.Sample::name).collect(Collectors.toSet());
            for (String n : ChatGuardMetrics.prometheusNames()) {
                assertTrue(names.contains(n) || names.contains(n + "_count"), n + " not exported; chatguard names: "
                        + names.stream().filter(x -> x.contains("chatguard")).sorted().toList());
            }

            assertEquals(3, Prometheus.sum(s, prometheusName(KIND, MESSAGES_IN), KIND, "CHAT"));
            assertEquals(1, Prometheus.sum(s, prometheusName(KIND, MESSAGES_IN), KIND, "PRIVATE_MESSAGE"));
            assertEquals(1, Prometheus.sum(s, prometheusName(KIND, MESSAGES_IN), KIND, "BLOG"));

            assertEquals(2, Prometheus.sum(s, prometheusName(ACTION, DECISIONS), ACTION, "ALLOW"));
            assertEquals(2, Prometheus.sum(s, prometheusName(ACTION, DECISIONS), ACTION, "MASK"));
            assertEquals(1, Prometheus.sum(s, prometheusName(ACTION, DECISIONS), ACTION, "BLOCK"));

            assertEquals(2, Prometheus.sum(s, prometheusName(TIER, ALERTS), null, null));
            assertEquals(1, Prometheus.sum(s, prometheusName(TIER, ALERTS), TIER, "COUNSELLOR"));
            assertTrue(Prometheus.sum(s, prometheusName(CATEGORY, RULE_HITS), CATEGORY, "PROFANITY") >= 2);
            assertTrue(Prometheus.sum(s, prometheusName(CATEGORY, RULE_HITS), CATEGORY, "SELF_HARM") >= 1);

            assertEquals(1, Prometheus.sum(s, prometheusName(REASON, DEAD_LETTERS), REASON, "malformed-json"));
            assertEquals(1, Prometheus.sum(s, prometheusName(REASON, DEAD_LETTERS), REASON, "wrong-type"));
            assertEquals(1, Prometheus.sum(s, prometheusName(REASON, DEAD_LETTERS), REASON, "empty-record"));
            assertEquals(1, Prometheus.sum(s, prometheusName(REASON, DEAD_LETTERS), REASON, "invalid-utf8"));
            assertEquals(4, Prometheus.sum(s, prometheusName(REASON, DEAD_LETTERS), null, null));

            assertEquals(5, Prometheus.sum(s, prometheusName(LE, DECISION_LATENCY_BUCKET), LE, "+Inf"));
            assertEquals(5, Prometheus.sum(s, prometheusName(null, ChatGuardMetrics.DECISION_LATENCY_MS) + "_count", null, null));
            assertEquals(1, Prometheus.sum(s, prometheusName(ChatGuardMetrics.RULE_PACK_VERSION, ChatGuardMetrics.RULE_PACK_ACTIVE), null, null));

            for (Prometheus.Sample x : s) {
                if (x.name().contains("chatguard")) {
                    assertFalse(x.labels().contains("u-secret-user") || x.labels().contains("hello"), x.toString());
                }
            }
        } finally {
            job.cancel().get();
        }
    }
}
