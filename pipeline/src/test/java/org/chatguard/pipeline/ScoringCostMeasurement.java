package org.chatguard.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.kafka.RawRecord;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;
import org.chatguard.model.StaffAction;
import org.chatguard.pipeline.functions.ConversationRiskFunction;
import org.chatguard.pipeline.functions.SenderRiskFunction;
import org.chatguard.pipeline.records.Assessed;
import org.chatguard.pipeline.records.Moderated;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.Verdict;
import org.chatguard.rules.risk.RiskConfig;
import org.chatguard.rules.risk.RiskEngine;
import org.chatguard.rules.risk.UserSignal;

/**
 * Measurements for the README, not a CI test: {@code mvn -pl pipeline -am test -Dtest=ScoringCostMeasurement
 * -Dchatguard.measure=true -Dsurefire.failIfNoSpecifiedTests=false}. Prints state bytes per key (RocksDB
 * snapshot size over N keys) and job throughput with scoring on and off in the same JVM.
 */
@EnabledIfSystemProperty(named = "chatguard.measure", matches = "true")
class ScoringCostMeasurement {

    /** Chat as it mostly is (clean), with the scripted patterns mixed in. */
    static final List<String> TEXTS = List.of(
            "hello everyone, who is revising tonight?", "what time is the homework due?", "lol same", "ok see you tomorrow",
            "did you watch the match", "i love this song", "can you help me with question 4", "thanks so much",
            "haha that is so funny", "brb dinner", "my cat just knocked my drink over", "good luck in the test",
            "you are such a loser", "ur so ugly and pathetic", "this homework is fucking impossible",
            "how old are you? what school do you go to?", "dont tell anyone but i got a puppy", "i feel so alone",
            "you can tell me anything, im always here for you", "send me a pic");
    static final Instant T0 = Instant.parse("2026-11-27T09:00:00Z");

    static ChatMessage message(long i, int conversations, int users) {
        int c = (int) (i % conversations);
        String from = "u-" + ((2L * c + (i / conversations) % 2) % users);
        String to = "u-" + ((2L * c + 1 - (i / conversations) % 2) % users);
        String text = TEXTS.get((int) ((i * 7919) % TEXTS.size()));
        return new ChatMessage("m-" + i, ContentKind.CHAT, "private", "conv-" + c, from, List.of(to), text, T0.plusMillis(100 * i));
    }

    @Test
    void stateBytesPerConversationAndPerUser() throws Exception {
        ModerationEngine rules = ModerationEngine.defaultEngine();
        RiskConfig cfg = RiskConfig.defaults();
        int conversations = 20_000;
        int users = 2 * conversations;
        int perConversation = 10;
        long n = (long) conversations * perConversation;
        Verdict[] verdicts = TEXTS.stream().map(rules::analyze).toArray(Verdict[]::new);

        long convEmpty;
        long convFull;
        long activeConversations;
        try (var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new ConversationRiskFunction(cfg)),
                (Assessed a) -> a.message().conversationId(), StaffAction::conversationId, Types.STRING)) {
            h.setStateBackend(new EmbeddedRocksDBStateBackend());
            h.open();
            convEmpty = h.snapshot(1, 1).getStateSize();
            for (long i = 0; i < n; i++) {
                ChatMessage m = message(i, conversations, users);
                h.processElement1(new Assessed(m, verdicts[TEXTS.indexOf(m.text())], UserSignal.NONE), m.sentAt().toEpochMilli());
            }
            OperatorSubtaskState s = h.snapshot(2, 2);
            convFull = s.getStateSize();
            try (var keys = ((org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>) h.getOperator())
                    .getKeyedStateBackend().getKeys("conversation-risk", org.apache.flink.runtime.state.VoidNamespace.INSTANCE)) {
                activeConversations = keys.count();
            }
        }
        long userEmpty;
        long userFull;
        long activeUsers;
        var sender = new SenderRiskFunction(null, null, cfg, org.chatguard.rules.risk.TrustConfig.defaults(),
                org.chatguard.rules.risk.SplitWords.Config.defaults());
        try (var h = new org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness<>(
                new org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator<>(sender,
                        List.of(org.chatguard.pipeline.functions.ModerateFunction.RULE_PACK)),
                org.chatguard.pipeline.records.SenderInput::userId, Types.STRING, 1, 1, 0)) {
            h.setStateBackend(new EmbeddedRocksDBStateBackend());
            h.open();
            userEmpty = h.snapshot(1, 1).getStateSize();
            for (long i = 0; i < n; i++) {
                ChatMessage m = message(i, conversations, users);
                h.processElement(org.chatguard.pipeline.records.SenderInput.of(m), m.sentAt().toEpochMilli());
            }
            for (int u = 0; u < users; u += 10) {
                // one user in ten blocked by staff
                h.processElement(org.chatguard.pipeline.records.SenderInput.of(
                        new StaffAction("a" + u, StaffAction.Type.BLOCK_USER, "u-" + u, null, null, null, "s", null, T0)), 0);
            }
            userFull = h.snapshot(2, 2).getStateSize();
            try (var keys = ((org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>) h.getOperator())
                    .getKeyedStateBackend().getKeys("user-risk", org.apache.flink.runtime.state.VoidNamespace.INSTANCE)) {
                activeUsers = keys.count();
            }
        }
        RiskEngine offline = new RiskEngine(cfg);
        for (long i = 0; i < n; i++) {
            ChatMessage m = message(i, conversations, users);
            offline.process(m, verdicts[TEXTS.indexOf(m.text())], m.sentAt());
        }
        int[] keys = offline.sizes();
        long[] bytes = offline.valueBytes();
        System.out.printf("STATE raw values: conversation-risk %.0f B avg over %d, conversation-alerts %.0f B avg over %d, user-risk %.0f B avg over %d (before blocks)%n",
                (double) bytes[1] / keys[1], keys[1], (double) bytes[2] / Math.max(1, keys[2]), keys[2], (double) bytes[0] / Math.max(1, keys[0]), keys[0]);
        System.out.printf("STATE conversations=%d (with risk state %d) messages=%d snapshot=%d B -> %.0f B per conversation with state%n",
                conversations, activeConversations, n, convFull - convEmpty, (double) (convFull - convEmpty) / activeConversations);
        System.out.printf("STATE users=%d (with state %d) snapshot=%d B -> %.0f B per user with state%n",
                users, activeUsers, userFull - userEmpty, (double) (userFull - userEmpty) / Math.max(1, activeUsers));
    }

    @Test
    void throughputWithScoringOnAndOff() throws Exception {
        long n = Long.getLong("chatguard.measure.messages", 300_000);
        int conversations = 5_000;
        int users = 4_000;
        Topics topics = Topics.defaults();
        byte[][] payloads = new byte[10_000][];
        for (int i = 0; i < payloads.length; i++) {
            ChatMessage m = message(i, conversations, users);
            payloads[i] = ("{\"id\":\"" + m.id() + "\",\"conversationId\":\"" + m.conversationId() + "\",\"senderId\":\""
                    + m.senderId() + "\",\"recipientIds\":[\"" + m.recipientIds().get(0) + "\"],\"text\":\"" + m.text()
                    + "\",\"sentAt\":\"" + m.sentAt() + "\"}").getBytes(StandardCharsets.UTF_8);
        }
        GeneratorFunction<Long, RawRecord> gen = i -> new RawRecord(topics.chatMessages(), 0, i, 0L, payloads[(int) (i % payloads.length)]);
        run("off", 50_000, gen, topics); // warm-up (JIT, class loading)
        int rounds = Integer.getInteger("chatguard.measure.rounds", 3);
        for (int round = 0; round < rounds; round++) {
            // interleaved, so load from other processes on the machine hits every mode alike
            for (String mode : new String[] {"off", "rocksdb", "hashmap"}) {
                long t = System.nanoTime();
                JobExecutionResult r = run(mode, n, gen, topics);
                double wall = (System.nanoTime() - t) / 1e9;
                System.out.printf("THROUGHPUT round=%d scoring=%s messages=%d wall=%.1fs -> %.0f msg/s (net runtime %d ms -> %.0f msg/s)%n",
                        round, mode.equals("off") ? "off" : "on/" + mode, n, wall, n / wall, r.getNetRuntime(), n * 1000.0 / r.getNetRuntime());
            }
        }
    }

    /** @param mode {@code off} (stateless decide), or the state backend of the stateful stages */
    private static JobExecutionResult run(String mode, long n, GeneratorFunction<Long, RawRecord> gen, Topics topics) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(5_000);
        ScoringConfig scoring = mode.equals("off") ? ScoringConfig.defaults().withEnabled(false)
                : ScoringConfig.defaults().withState(mode, null);
        JobConfig cfg = JobConfig.defaults().withTopics(topics).withScoring(scoring);
        var source = new DataGeneratorSource<>(gen, n, RateLimiterStrategy.noOp(), TypeInformation.of(RawRecord.class));
        ChatGuardJob.build(env, source, new JobSinks(new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>()), cfg);
        return env.execute("scoring-" + mode);
    }
}
