package org.chatguard.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
import org.chatguard.model.Category;
import org.chatguard.model.ContentKind;
import org.chatguard.model.Decision;
import org.chatguard.model.StaffAction;
import org.chatguard.model.StaffAlert;
import org.chatguard.model.Tier;
import org.chatguard.rules.Verdict;

/**
 * Scripted conversations through the real job (stateful scoring, RocksDB) on a MiniCluster against a
 * real broker: one broker, one job, shared by the scenarios (each uses its own conversations and users).
 */
class ConversationRiskScenarioTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final Topics TOPICS = Topics.withPrefix("risk.");
    static EmbeddedKafka kafka;
    static JobClient job;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(TOPICS, 2);
        JobConfig cfg = JobConfig.defaults().withTopics(TOPICS).withCheckpointInterval(Duration.ofMillis(500))
                .withTransactionalIdPrefix("risk-tx")
                .withScoring(ScoringConfig.defaults().withRisk(RiskScripts.EVERY_UPDATE));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(cfg.checkpointInterval().toMillis());
        ChatGuardJob.buildKafka(env, new KafkaSettings(kafka.bootstrapServers(), "risk"), cfg);
        job = env.executeAsync("risk-scenarios");
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

    /**
     * Like people chatting: each message is sent once the previous one is decided. Messages of different
     * senders pass different user-stage subtasks, so only that pace fixes their order in the conversation.
     */
    static void play(KafkaTestClient site, RiskScripts.Script s) throws Exception {
        for (RiskScripts.Line l : s.lines) {
            site.send(l.topic(TOPICS), l.message().conversationId(), l.json());
            assertTrue(site.pollUntil(c -> c.decisions.containsKey(l.message().id()), Duration.ofSeconds(60)), l.message().id());
        }
    }

    static List<StaffAlert> alertsOf(KafkaTestClient site, String conv) {
        return site.alertLog.stream().filter(a -> a.conversationId().equals(conv)).toList();
    }

    @Test
    void aBullyingThreadBecomesOneAlertThatIsUpdatedNotDuplicated() throws Exception {
        RiskScripts.Script s = RiskScripts.bullying("sc-bully");
        try (KafkaTestClient site = new KafkaTestClient(kafka.clientProperties(), TOPICS)) {
            play(site, s);
            assertTrue(site.pollUntil(c -> s.lines.stream().allMatch(l -> c.decisions.containsKey(l.message().id()))
                            && alertsOf(c, s.conversation).stream().anyMatch(a -> a.category() == Category.INSULT && a.tier() == Tier.COUNSELLOR),
                    Duration.ofSeconds(90)), () -> "timed out: " + site.alertLog);
            site.drain(Duration.ofSeconds(2));

            List<StaffAlert> insult = alertsOf(site, s.conversation).stream().filter(a -> a.category() == Category.INSULT).toList();
            assertEquals(1, insult.stream().map(StaffAlert::alertId).distinct().count(), "one alert: " + insult);
            for (int i = 0; i < insult.size(); i++) {
                assertEquals(i + 1, insult.get(i).sequence(), "each update once, in order");
            }
            StaffAlert last = insult.get(insult.size() - 1);
            assertTrue(last.reasonCodes().contains("bullying: repeated insults from u-bob to u-vic"), last.reasonCodes().toString());
            assertEquals(List.of("u-bob", "u-vic"), last.subjectUserIds());
            assertTrue(last.evidence().stream().noneMatch(e -> e.maskedExcerpt().contains("loser")), "masked evidence only");

            Decision mild = site.decisions.get(s.id(6));
            assertEquals(Action.BLOCK, mild.action(), "a mild insult in a bullying thread: " + mild);
            assertEquals(Verdict.BLOCKED, mild.displayText());
            assertEquals(Action.ALLOW, site.decisions.get(s.id(4)).action(), "the bullied child is not silenced");
        }
    }

    @Test
    void aPileOnIsOneAlertAboutTheTargetWithEachSendersEvidenceWhileBanterRaisesNone() throws Exception {
        RiskScripts.Script p = RiskScripts.pileOn("sc-pile");
        RiskScripts.Script b = RiskScripts.banter("sc-banter");
        try (KafkaTestClient site = new KafkaTestClient(kafka.clientProperties(), TOPICS)) {
            play(site, p);
            play(site, b);
            assertTrue(site.pollUntil(c -> b.lines.stream().allMatch(l -> c.decisions.containsKey(l.message().id()))
                    && !alertsOf(c, p.conversation).isEmpty(), Duration.ofSeconds(90)), () -> "timed out: " + site.alertLog);
            site.drain(Duration.ofSeconds(2));

            List<StaffAlert> pile = alertsOf(site, p.conversation);
            assertEquals(1, pile.size(), "one alert, not one per message: " + pile);
            StaffAlert a = pile.get(0);
            assertEquals(Tier.MODERATOR, a.tier());
            assertEquals(Category.INSULT, a.category());
            assertEquals(List.of("u-kid"), a.subjectUserIds(), "the subject is the target");
            assertEquals(List.of("pile-on: 3 senders at u-kid within 10 min: u-amy, u-bea, u-cal"), a.reasonCodes());
            assertEquals(List.of(p.id(1), p.id(2), p.id(3)), a.evidence().stream().map(e -> e.messageId()).toList());
            assertEquals(List.of("u-amy", "u-bea", "u-cal"), a.evidence().stream().map(e -> e.senderId()).toList(),
                    "each sender's evidence");
            assertEquals(List.of(), alertsOf(site, b.conversation), "banter both ways: no alert");
        }
    }

    @Test
    void groomingReachesSafeguardingAtSecrecyWhileFriendsWithTheSameWordsDoNot() throws Exception {
        RiskScripts.Script g = RiskScripts.grooming("sc-groom");
        RiskScripts.Script f = RiskScripts.friends("sc-friends");
        try (KafkaTestClient site = new KafkaTestClient(kafka.clientProperties(), TOPICS)) {
            play(site, g);
            play(site, f);
            assertTrue(site.pollUntil(c -> g.lines.stream().allMatch(l -> c.decisions.containsKey(l.message().id()))
                            && f.lines.stream().allMatch(l -> c.decisions.containsKey(l.message().id()))
                            && alertsOf(c, g.conversation).stream().anyMatch(a -> a.tier() == Tier.SAFEGUARDING),
                    Duration.ofSeconds(90)), () -> "timed out: " + site.alertLog);
            site.drain(Duration.ofSeconds(2));

            List<StaffAlert> grooming = alertsOf(site, g.conversation).stream().filter(a -> a.category() == Category.GROOMING).toList();
            assertEquals(1, grooming.stream().map(StaffAlert::alertId).distinct().count());
            String secrecy = g.id(7);
            // safeguarding no later than the secrecy message (the conversation model may see the adult's sequence
            // before the rules' stages add up), and the update that carries it names the stages
            StaffAlert first = grooming.stream().filter(a -> a.tier() == Tier.SAFEGUARDING).findFirst().orElseThrow();
            java.util.Set<String> upToSecrecy = new java.util.HashSet<>();
            for (int i = 1; i <= 7; i++) {
                upToSecrecy.add(g.id(i));
            }
            assertTrue(first.evidence().stream().allMatch(e -> upToSecrecy.contains(e.messageId())),
                    "safeguarding is reached by the secrecy message: " + first.evidence());
            StaffAlert atSecrecy = grooming.stream().filter(a -> a.tier() == Tier.SAFEGUARDING
                    && a.evidence().stream().anyMatch(e -> e.messageId().equals(secrecy))).findFirst().orElseThrow();
            assertTrue(atSecrecy.reasonCodes().stream().anyMatch(r -> r.contains("secrecy") && r.contains("isolation")), atSecrecy.reasonCodes().toString());
            assertEquals(List.of("u-gary", "u-kim"), atSecrecy.subjectUserIds());
            assertEquals(Action.BLOCK, site.decisions.get(secrecy).action(), "mild alone, inappropriate in context");
            assertEquals(Verdict.INAPPROPRIATE, site.decisions.get(secrecy).displayText());
            assertEquals(Action.ALLOW, site.decisions.get(g.id(8)).action(), "the child's own messages stay visible");

            assertEquals(List.of(), alertsOf(site, f.conversation), "friends: no alert at all");
            assertTrue(f.lines.stream().allMatch(l -> site.decisions.get(l.message().id()).action() == Action.ALLOW));
        }
    }

    @Test
    void aBlockedUsersNextMessagesAreBlockedOnEveryContentKindWithinSeconds() throws Exception {
        try (KafkaTestClient site = new KafkaTestClient(kafka.clientProperties(), TOPICS)) {
            site.send(TOPICS.staffActions(), "u-troll", RiskScripts.staffAction("sa-1", StaffAction.Type.BLOCK_USER, "u-troll", null, null));
            long sent = System.nanoTime();
            // probe until the block is in force: it must take seconds, not minutes
            String blockedProbe = null;
            for (int i = 0; i < 40 && blockedProbe == null; i++) {
                RiskScripts.Script p = new RiskScripts.Script("sc-probe-" + i, ContentKind.CHAT).say("u-troll", "u-any", "hello all");
                play(site, p);
                String id = p.id(1);
                site.pollUntil(c -> c.decisions.containsKey(id), Duration.ofSeconds(10));
                if (site.decisions.containsKey(id) && site.decisions.get(id).action() == Action.BLOCK) {
                    blockedProbe = id;
                }
            }
            double seconds = (System.nanoTime() - sent) / 1e9;
            assertTrue(blockedProbe != null && seconds < 15, "block in force after " + seconds + " s");

            Map<ContentKind, String> ids = new HashMap<>();
            for (ContentKind k : ContentKind.values()) {
                RiskScripts.Script s = new RiskScripts.Script("sc-kind-" + k, k).say("u-troll", "u-kid", "what a nice day");
                play(site, s);
                ids.put(k, s.id(1));
            }
            RiskScripts.Script other = new RiskScripts.Script("sc-kind-other", ContentKind.CHAT).say("u-nice", "u-kid", "what a nice day");
            play(site, other);
            assertTrue(site.pollUntil(c -> c.decisions.keySet().containsAll(ids.values()) && c.decisions.containsKey(other.id(1)),
                    Duration.ofSeconds(60)));
            for (Map.Entry<ContentKind, String> e : ids.entrySet()) {
                Decision d = site.decisions.get(e.getValue());
                assertEquals(Action.BLOCK, d.action(), e.getKey().name());
                assertEquals(Verdict.BLOCKED, d.displayText());
                assertEquals("user-blocked", d.reasons().get(0));
                assertEquals(e.getKey(), d.kind());
            }
            assertEquals(Action.ALLOW, site.decisions.get(other.id(1)).action(), "other users are unaffected");

            site.send(TOPICS.staffActions(), "u-troll", RiskScripts.staffAction("sa-2", StaffAction.Type.UNBLOCK_USER, "u-troll", null, null));
            boolean unblocked = false;
            for (int i = 0; i < 40 && !unblocked; i++) {
                RiskScripts.Script p = new RiskScripts.Script("sc-unprobe-" + i, ContentKind.BLOG).say("u-troll", "u-any", "sorry everyone");
                play(site, p);
                site.pollUntil(c -> c.decisions.containsKey(p.id(1)), Duration.ofSeconds(10));
                unblocked = site.decisions.containsKey(p.id(1)) && site.decisions.get(p.id(1)).action() == Action.ALLOW;
            }
            assertTrue(unblocked, "unblock takes effect");
        }
    }
}
