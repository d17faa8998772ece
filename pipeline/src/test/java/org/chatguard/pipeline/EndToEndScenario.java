package org.chatguard.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.kafka.EmbeddedKafka;
import org.chatguard.connectors.kafka.KafkaSettings;
import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.ContentKind;
import org.chatguard.model.Decision;
import org.chatguard.model.DeadLetter;
import org.chatguard.model.RuleMatch;
import org.chatguard.model.StaffAlert;
import org.chatguard.model.Tier;

/**
 * One end-to-end run through a real broker and the real job: messages of all three kinds and a set of
 * malformed records in, exact decisions, alerts and dead letters out. Shared by the embedded-broker
 * test and the Testcontainers variant.
 */
final class EndToEndScenario {

    static final String T0 = "2026-11-27T09:00:0";

    private EndToEndScenario() {
    }

    static byte[] msg(String id, String kind, String conv, String sender, String recipients, String text, int second) {
        String r = recipients == null ? "" : ",\"recipientIds\":[" + recipients + "]";
        return ("{\"id\":\"" + id + "\",\"kind\":\"" + kind + "\",\"conversationId\":\"" + conv + "\",\"senderId\":\""
                + sender + "\"" + r + ",\"text\":\"" + text + "\",\"sentAt\":\"" + T0 + second + "Z\",\"client\":\"web-4.2\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static void run(Properties clientProps, String prefix) throws Exception {
        Topics topics = Topics.withPrefix(prefix);
        EmbeddedKafka.createTopics(clientProps, topics, 1);
        KafkaSettings settings = new KafkaSettings(clientProps.getProperty("bootstrap.servers"), prefix + "job",
                clientProps.entrySet().stream().filter(e -> !e.getKey().equals("bootstrap.servers"))
                        .collect(Collectors.toMap(e -> (String) e.getKey(), e -> (String) e.getValue())));
        JobConfig cfg = JobConfig.defaults().withTopics(topics).withCheckpointInterval(Duration.ofMillis(500))
                .withTransactionalIdPrefix(prefix + "tx");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(cfg.checkpointInterval().toMillis());
        ChatGuardJob.buildKafka(env, settings, cfg);
        JobClient job = env.executeAsync("chatguard-e2e-" + prefix);
        try (KafkaTestClient site = new KafkaTestClient(clientProps, topics)) {
            site.send(topics.chatMessages(), "general-1",
                    msg("c1", "CHAT", "general-1", "u-amy", null, "hello everyone, who is revising tonight?", 1));
            site.send(topics.chatMessages(), "general-1",
                    msg("c2", "CHAT", "general-1", "u-ben", null, "this homework is fucking impossible", 2));
            site.send(topics.chatMessages(), "bubble-7",
                    msg("c3", "CHAT", "bubble-7", "u-ivy", "\"u-hana\"", "sometimes i want to kill myself", 3));
            site.send(topics.privateMessages(), "pm-1",
                    msg("p1", "PRIVATE_MESSAGE", "pm-1", "u-pip", "\"u-quin\"", "just go kill yourself", 4));
            site.send(topics.blogPosts(), "blog-1",
                    msg("b1", "BLOG", "blog-1", "u-ray", null, "Our class trip to Scunthorpe was a classic", 5));
            site.send(topics.blogPosts(), "blog-1",
                    msg("b2", "BLOG", "blog-1", "u-tom", null, "what a load of shit \uD83D\uDE02", 6));

            // malformed records, each must become exactly one dead letter with a reason
            site.send(topics.chatMessages(), "x", "this is not json".getBytes(StandardCharsets.UTF_8));
            site.send(topics.chatMessages(), "x", ("{\"id\":\"bad-type\",\"conversationId\":\"c\",\"senderId\":\"u\","
                    + "\"text\":42,\"sentAt\":\"2026-11-27T09:00:00Z\"}").getBytes(StandardCharsets.UTF_8));
            site.send(topics.privateMessages(), "x", msg("bad-empty", "PRIVATE_MESSAGE", "c", "u", null, "", 7));
            site.send(topics.blogPosts(), "x", msg("bad-huge", "BLOG", "c", "u", null, "a".repeat(1024 * 1024), 8));
            site.send(topics.chatMessages(), "x", new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});

            // the job keeps going after bad input
            site.send(topics.chatMessages(), "general-1",
                    msg("c4", "CHAT", "general-1", "u-amy", null, "still here after all that", 9));

            assertTrue(site.pollUntil(c -> c.decisions.size() >= 7 && c.deadLetters.size() >= 5 && c.alertLog.size() >= 2,
                    Duration.ofSeconds(90)), () -> "timed out: " + site.decisions.keySet() + " dead=" + site.deadLetters.size()
                    + " alerts=" + site.alertLog.size());
            site.drain(Duration.ofSeconds(2));

            assertDecisions(site.decisions);
            assertAlerts(site.alertLog);
            assertDeadLetters(site.deadLetters, topics);
            assertEquals(7, site.decisionLog.size(), "no duplicate decisions on a clean run");
        } finally {
            job.cancel().get();
        }
    }

    private static void assertDecisions(Map<String, Decision> d) {
        assertEquals(java.util.Set.of("c1", "c2", "c3", "p1", "b1", "b2", "c4"), d.keySet(), "one decision per message");
        // topics interleave freely, but within one conversation the site sees decisions in sending order
        assertEquals(List.of("c1", "c2", "c4"), d.keySet().stream().filter(List.of("c1", "c2", "c4")::contains).toList());

        assertAllowed(d.get("c1"), "hello everyone, who is revising tonight?");
        assertAllowed(d.get("b1"), "Our class trip to Scunthorpe was a classic");
        assertAllowed(d.get("c4"), "still here after all that");

        Decision c2 = d.get("c2");
        assertEquals(Action.MASK, c2.action());
        assertEquals("this homework is ******* impossible", c2.displayText());
        assertEquals(List.of(Category.PROFANITY), c2.categories());
        RuleMatch m = c2.matches().get(0);
        assertEquals("fucking", "this homework is fucking impossible".substring(m.start(), m.end()));
        assertEquals(ContentKind.CHAT, c2.kind());
        assertEquals("general-1", c2.conversationId());
        assertEquals("u-ben", c2.senderId());
        assertNotNull(c2.rulePackVersion());
        assertNotNull(c2.decidedAt());

        Decision b2 = d.get("b2");
        assertEquals(Action.MASK, b2.action());
        assertEquals("what a load of **** \uD83D\uDE02", b2.displayText(), "offsets survive the emoji after the span");
        assertEquals(ContentKind.BLOG, b2.kind());

        Decision p1 = d.get("p1");
        assertEquals(Action.BLOCK, p1.action());
        assertEquals("*blocked*", p1.displayText());
        assertEquals(ContentKind.PRIVATE_MESSAGE, p1.kind());
        assertTrue(p1.categories().contains(Category.INSULT) || p1.categories().contains(Category.VIOLENCE), p1.categories().toString());

        Decision c3 = d.get("c3");
        assertEquals(Action.ALLOW, c3.action(), "a child reaching out is not silenced");
        assertEquals("sometimes i want to kill myself", c3.displayText());
        assertTrue(c3.categories().contains(Category.SELF_HARM), c3.categories().toString());
    }

    private static void assertAllowed(Decision d, String text) {
        assertEquals(Action.ALLOW, d.action(), d.id());
        assertEquals(text, d.displayText());
        assertTrue(d.matches().isEmpty(), d.id() + " " + d.matches());
    }

    private static void assertAlerts(List<StaffAlert> alerts) {
        assertEquals(2, alerts.size(), alerts.toString());
        StaffAlert selfHarm = alerts.stream().filter(a -> a.conversationId().equals("bubble-7")).findFirst().orElseThrow();
        assertEquals(Tier.COUNSELLOR, selfHarm.tier());
        assertEquals(Category.SELF_HARM, selfHarm.category());
        assertEquals(List.of("u-ivy", "u-hana"), selfHarm.subjectUserIds());
        assertEquals(1, selfHarm.evidence().size());
        assertEquals("c3", selfHarm.evidence().get(0).messageId());
        assertFalse(selfHarm.reasonCodes().isEmpty());
        assertEquals(1, selfHarm.sequence());

        StaffAlert bullying = alerts.stream().filter(a -> a.conversationId().equals("pm-1")).findFirst().orElseThrow();
        assertTrue(bullying.tier().compareTo(Tier.MODERATOR) >= 0);
        assertEquals(List.of("u-pip", "u-quin"), bullying.subjectUserIds());
        assertEquals("p1", bullying.evidence().get(0).messageId());
        assertTrue(bullying.evidence().get(0).maskedExcerpt().contains("kill yourself"),
                "the owning tier reads the words that raised the concern (StaffEvidence): " + bullying.evidence().get(0).maskedExcerpt());
    }

    private static void assertDeadLetters(List<DeadLetter> dead, Topics topics) {
        assertEquals(5, dead.size(), dead.toString());
        Map<String, String> reasonByStart = dead.stream().collect(Collectors.toMap(
                x -> x.raw() != null ? x.raw().substring(0, Math.min(12, x.raw().length())) : "base64", DeadLetter::reason));
        assertEquals("malformed JSON at line 1 column 5", reasonByStart.get("this is not "));
        assertEquals("field 'text' must be a string, was number", reasonByStart.get("{\"id\":\"bad-t"));
        assertEquals("field 'text' is empty", reasonByStart.get("{\"id\":\"bad-e"));
        assertEquals("invalid UTF-8", reasonByStart.get("base64"));
        DeadLetter huge = dead.stream().filter(DeadLetter::truncated).findFirst().orElseThrow();
        assertTrue(huge.reason().startsWith("record too large: "), huge.reason());
        assertEquals(topics.blogPosts(), huge.sourceTopic());
        assertTrue(huge.rawSize() > 1024 * 1024);
        assertNull(dead.stream().filter(x -> x.reason().equals("invalid UTF-8")).findFirst().orElseThrow().raw());
    }
}
