package org.chatguard.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.kafka.EmbeddedKafka;
import org.chatguard.connectors.kafka.KafkaSettings;
import org.chatguard.model.StaffAlert;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.risk.RiskEngine;

/**
 * The job is cancelled abruptly mid-stream (messages in flight, alert transactions open) and restarted
 * from its last retained checkpoint: staff must see every alert update exactly once, the same ones an
 * uninterrupted (offline) run of the same conversations produces.
 */
class ConversationRiskRestartTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final Topics TOPICS = Topics.withPrefix("rst.");

    @TempDir
    Path checkpoints;

    /** What staff see of an alert update, without the processing-time stamps. */
    record Seen(String alertId, int sequence, String tier, String category, List<String> reasons, List<String> evidence) {
        static Seen of(StaffAlert a) {
            return new Seen(a.alertId(), a.sequence(), a.tier().name(), a.category().name(), a.reasonCodes(),
                    a.evidence().stream().map(e -> e.messageId()).toList());
        }
    }

    @Test
    void noAlertIsLostOrDuplicatedAcrossACrashAndRestoreFromCheckpoint() throws Exception {
        RiskScripts.Script bully = RiskScripts.bullying("rst-bully").say("u-bob", "u-vic", "you are such a loser");
        RiskScripts.Script groom = RiskScripts.grooming("rst-groom");
        List<RiskScripts.Line> phase1 = new ArrayList<>();
        phase1.addAll(bully.lines.subList(0, 4));
        phase1.addAll(groom.lines.subList(0, 4));
        // one sender per conversation, so their order cannot change between the two keyed stages
        List<RiskScripts.Line> inFlight = new ArrayList<>();
        inFlight.addAll(bully.lines.subList(4, 6));
        inFlight.addAll(groom.lines.subList(4, 7));
        List<RiskScripts.Line> phase2 = new ArrayList<>();
        phase2.addAll(groom.lines.subList(7, 9));
        phase2.addAll(bully.lines.subList(6, 7));

        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             KafkaTestClient site = new KafkaTestClient(kafka.clientProperties(), TOPICS)) {
            kafka.createTopics(TOPICS, 2);
            KafkaSettings settings = new KafkaSettings(kafka.bootstrapServers(), "rst");

            JobClient first = start(settings, null);
            for (RiskScripts.Line l : phase1) {
                sendAndWait(site, l);
            }
            assertTrue(site.pollUntil(c -> c.alertLog.stream().anyMatch(a -> a.conversationId().equals("rst-bully")),
                    Duration.ofSeconds(60)), "phase 1 alert committed");
            for (RiskScripts.Line l : inFlight) {
                site.send(l.topic(TOPICS), l.message().conversationId(), l.json());
            }
            first.cancel().get();
            Path restoreFrom = latestCheckpoint(first);

            JobClient second = start(settings, restoreFrom);
            try {
                for (RiskScripts.Line l : phase2) {
                    sendAndWait(site, l);
                }
                List<Seen> expected = offline(bully, groom);
                assertTrue(site.pollUntil(c -> c.alertLog.size() >= expected.size(), Duration.ofSeconds(60)),
                        () -> "expected " + expected.size() + " alert records, saw " + site.alertLog.size());
                site.drain(Duration.ofSeconds(3));

                List<Seen> seen = site.alertLog.stream().map(Seen::of).toList();
                Map<String, Long> copies = seen.stream().collect(Collectors.groupingBy(s -> s.alertId() + "#" + s.sequence(), Collectors.counting()));
                assertTrue(copies.values().stream().allMatch(n -> n == 1), "duplicated alert records: " + copies);
                assertEquals(Set.copyOf(expected), Set.copyOf(seen), "the same updates as an uninterrupted run");
                assertEquals(expected.size(), seen.size());

                // decisions are at-least-once: replays may repeat some, none may be missing
                Set<String> all = Stream.of(phase1, inFlight, phase2).flatMap(List::stream).map(l -> l.message().id()).collect(Collectors.toSet());
                assertTrue(site.pollUntil(c -> c.decisions.keySet().containsAll(all), Duration.ofSeconds(30)));
                Map<String, Set<String>> actionsById = new TreeMap<>();
                site.decisionLog.forEach(d -> actionsById.computeIfAbsent(d.id(), k -> new java.util.HashSet<>()).add(d.action().name()));
                assertTrue(actionsById.values().stream().allMatch(s -> s.size() == 1), "a replayed decision is the same decision: " + actionsById);
            } finally {
                second.cancel().get();
            }
        }
    }

    private JobClient start(KafkaSettings settings, Path restoreFrom) throws Exception {
        JobConfig cfg = JobConfig.defaults().withTopics(TOPICS).withCheckpointInterval(Duration.ofMillis(300))
                .withTransactionalIdPrefix("rst-tx")
                .withScoring(ScoringConfig.defaults().withRisk(RiskScripts.EVERY_UPDATE)
                        .withState("rocksdb", checkpoints.toUri().toString()));
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        if (restoreFrom != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom.toUri().toString());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.configure(conf);
        env.setParallelism(2);
        env.enableCheckpointing(cfg.checkpointInterval().toMillis());
        ChatGuardJob.buildKafka(env, settings, cfg);
        return env.executeAsync("risk-restart");
    }

    private static void sendAndWait(KafkaTestClient site, RiskScripts.Line l) throws Exception {
        site.send(l.topic(TOPICS), l.message().conversationId(), l.json());
        assertTrue(site.pollUntil(c -> c.decisions.containsKey(l.message().id()), Duration.ofSeconds(60)), l.message().id());
    }

    private Path latestCheckpoint(JobClient job) throws IOException {
        Path dir = checkpoints.resolve(job.getJobID().toString());
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("chk-") && Files.exists(p.resolve("_metadata")))
                    .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(4))))
                    .orElseThrow(() -> new AssertionError("no completed checkpoint in " + dir));
        }
    }

    private static List<Seen> offline(RiskScripts.Script... scripts) {
        RiskEngine engine = new RiskEngine(RiskScripts.EVERY_UPDATE).withSignals(org.chatguard.rules.risk.ConversationSignals.defaults()); // as the job runs them
        ModerationEngine rules = ModerationEngine.defaultEngine();
        List<Seen> out = new ArrayList<>();
        for (RiskScripts.Script s : scripts) {
            for (RiskScripts.Line l : s.lines) {
                Instant t = l.message().sentAt();
                engine.process(l.message(), rules.analyze(l.message().text()), t).alerts().forEach(a -> out.add(Seen.of(a)));
            }
        }
        return out;
    }
}
