package org.chatguard.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.kafka.EmbeddedKafka;
import org.chatguard.connectors.kafka.KafkaSettings;
import org.chatguard.model.Action;
import org.chatguard.model.Decision;
import org.chatguard.model.RuleMatch;
import org.chatguard.rules.Verdict;

/**
 * Words split across a sender's messages and Spanish messages, through the real job (stateful, RocksDB,
 * parallelism 2) on the embedded broker.
 */
class SplitWordsJobTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final Topics TOPICS = Topics.withPrefix("split.");
    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    static EmbeddedKafka kafka;
    static JobClient job;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(TOPICS, 2);
        JobConfig cfg = JobConfig.defaults().withTopics(TOPICS).withCheckpointInterval(Duration.ofMillis(500))
                .withTransactionalIdPrefix("split-tx");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(cfg.checkpointInterval().toMillis());
        ChatGuardJob.buildKafka(env, new KafkaSettings(kafka.bootstrapServers(), "split"), cfg);
        job = env.executeAsync("split-words");
    }

    @AfterAll
    static void stop() throws Exception {
        if (job != null) {
            job.cancel().get();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    static byte[] msg(String id, String conv, String sender, String text, long millis) {
        return ("{\"id\":\"" + id + "\",\"kind\":\"CHAT\",\"conversationId\":\"" + conv + "\",\"senderId\":\"" + sender
                + "\",\"recipientIds\":[\"u-kid\"],\"text\":\"" + text + "\",\"sentAt\":\"" + T0.plusMillis(millis) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Sends each piece once the previous one is decided (as a person types), returns the decisions in order. */
    static List<Decision> type(KafkaTestClient site, String prefix, String conv, String sender, long stepMillis, String... pieces)
            throws Exception {
        for (int i = 0; i < pieces.length; i++) {
            String id = prefix + i;
            site.send(TOPICS.chatMessages(), conv, msg(id, conv, sender, pieces[i], i * stepMillis));
            assertTrue(site.pollUntil(c -> c.decisions.containsKey(id), Duration.ofSeconds(60)), id);
        }
        return java.util.stream.IntStream.range(0, pieces.length).mapToObj(i -> site.decisions.get(prefix + i)).toList();
    }

    @Test
    void aWordTypedOneLetterPerMessageIsCaughtOnItsLastLetter() throws Exception {
        try (KafkaTestClient site = new KafkaTestClient(kafka.clientProperties(), TOPICS)) {
            List<Decision> d = type(site, "fk-", "conv-fk", "u-a", 900, "f", "u", "c", "k");
            assertEquals(List.of(Action.ALLOW, Action.ALLOW, Action.ALLOW), d.subList(0, 3).stream().map(Decision::action).toList());
            Decision last = d.get(3);
            assertEquals(Action.MASK, last.action());
            assertEquals("*", last.displayText());
            RuleMatch m = last.matches().get(0);
            assertEquals("prof.fuck", m.ruleId());
            assertEquals(List.of("fk-0", "fk-1", "fk-2"), m.messageIds());

            Decision kys = type(site, "kys-", "conv-kys", "u-b", 700, "k", "y", "s").get(2);
            assertEquals(Action.BLOCK, kys.action());
            assertEquals(Verdict.BLOCKED, kys.displayText());
            assertEquals(List.of("kys-0", "kys-1"), kys.matches().get(0).messageIds());
            assertTrue(site.pollUntil(c -> c.alertLog.stream().anyMatch(a -> a.evidence().stream()
                    .anyMatch(e -> e.messageId().equals("kys-2"))), Duration.ofSeconds(60)), "the kys rule alerts a moderator");
        }
    }

    @Test
    void innocentLettersAndOtherSendersStayClean() throws Exception {
        try (KafkaTestClient site = new KafkaTestClient(kafka.clientProperties(), TOPICS)) {
            for (Decision d : type(site, "kok-", "conv-kok", "u-c", 500, "k", "o", "k", "o", "k", "lol")) {
                assertEquals(Action.ALLOW, d.action(), d.id());
                assertTrue(d.matches().isEmpty(), d.id() + " " + d.matches());
            }
            // "f", "u" from one sender and "c", "k" from another in the same conversation: no word
            type(site, "two-a-", "conv-two", "u-d", 500, "f", "u");
            List<Decision> other = type(site, "two-b-", "conv-two", "u-e", 500, "c", "k");
            assertEquals(Action.ALLOW, other.get(1).action());
            assertNull(other.get(1).matches().isEmpty() ? null : other.get(1).matches());
        }
    }

    @Test
    void spanishMessagesAreReadByTheSpanishPackAndCarryTheirLanguage() throws Exception {
        try (KafkaTestClient site = new KafkaTestClient(kafka.clientProperties(), TOPICS)) {
            site.send(TOPICS.chatMessages(), "conv-es", msg("es-1", "conv-es", "u-f", "eres un idiota de mierda", 0));
            site.send(TOPICS.chatMessages(), "conv-es2", msg("es-2", "conv-es2", "u-g", "me quiero morir", 0));
            assertTrue(site.pollUntil(c -> c.decisions.containsKey("es-1") && c.decisions.containsKey("es-2"), Duration.ofSeconds(60)));
            Decision es = site.decisions.get("es-1");
            assertEquals(Action.MASK, es.action());
            assertEquals("eres un ****** de ******", es.displayText());
            assertEquals("es", es.language());
            assertTrue(es.rulePackVersion().contains("+es-"), es.rulePackVersion());
            assertTrue(site.pollUntil(c -> c.alertLog.stream().anyMatch(a -> a.tier() == org.chatguard.model.Tier.COUNSELLOR
                    && a.evidence().stream().anyMatch(e -> e.messageId().equals("es-2"))), Duration.ofSeconds(60)),
                    "me quiero morir alerts a counsellor");
        }
    }
}
