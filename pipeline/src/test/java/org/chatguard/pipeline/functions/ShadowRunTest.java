package org.chatguard.pipeline.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.kafka.RawRecord;
import org.chatguard.model.Action;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;
import org.chatguard.model.ShadowDiff;
import org.chatguard.pipeline.records.Moderated;
import org.chatguard.pipeline.records.RulePackUpdate;
import org.chatguard.rules.RulePackLoader;

/** The moderate stage's shadow run: never acts, reports differences, survives a restore, ends on a drop. */
class ShadowRunTest {

    static ChatMessage msg(String id, String text) {
        return new ChatMessage(id, ContentKind.CHAT, "general", "c1", "u1", List.of(), text, Instant.EPOCH);
    }

    static List<ShadowDiff> diffs(BroadcastOperatorTestHarness<ChatMessage, RulePackUpdate, Moderated> h) {
        return h.getSideOutput(ModerateFunction.SHADOW_DIFFS) == null ? List.of()
                : h.getSideOutput(ModerateFunction.SHADOW_DIFFS).stream().map(StreamRecord::getValue).toList();
    }

    static BroadcastOperatorTestHarness<ChatMessage, RulePackUpdate, Moderated> fresh() throws Exception {
        return new BroadcastOperatorTestHarness<>(new CoBroadcastWithNonKeyedOperator<>(new ModerateFunction(null, null),
                List.of(ModerateFunction.RULE_PACK)), 1, 1, 0);
    }

    @Test
    void candidateRunsBesideTheLivePackWithoutActingAndSurvivesARestore() throws Exception {
        OperatorSubtaskState snapshot;
        String live = RulePackLoader.defaultPack().version();
        try (BroadcastOperatorTestHarness<ChatMessage, RulePackUpdate, Moderated> h =
                     ProcessFunctionTestHarnesses.forBroadcastProcessFunction(new ModerateFunction(null, null), ModerateFunction.RULE_PACK)) {
            h.processBroadcastElement(RulePackUpdate.shadow("h-2", "test", ModerateFunctionTest.PACK), 1);
            h.processElement(msg("a", "zonk"), 2);
            h.processElement(msg("b", "see you at practice"), 3);
            List<Moderated> out = h.extractOutputValues();
            assertEquals(live, out.get(0).verdict().rulePackVersion());
            assertEquals(Action.ALLOW, out.get(0).verdict().action(), "the candidate does not act");
            List<ShadowDiff> d = diffs(h);
            assertEquals(1, d.size(), "only the message decided differently: " + d);
            assertEquals("a", d.get(0).messageId());
            assertEquals(Action.ALLOW, d.get(0).liveAction());
            assertEquals(Action.MASK, d.get(0).candidateAction());
            assertEquals(List.of("t.zonk"), d.get(0).candidateRules());
            assertEquals("h-2", d.get(0).candidateVersion());
            snapshot = h.snapshot(1L, 4L);
        }
        try (BroadcastOperatorTestHarness<ChatMessage, RulePackUpdate, Moderated> restored = fresh()) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement(msg("c", "zonk"), 5);
            assertEquals(live, restored.extractOutputValues().get(0).verdict().rulePackVersion());
            assertEquals(1, diffs(restored).size(), "the shadow run resumes after a restore");
            restored.processBroadcastElement(RulePackUpdate.dropShadow("test"), 6);
            restored.processElement(msg("d", "zonk"), 7);
            assertEquals(1, diffs(restored).size(), "dropped: no more diffs");
            snapshot = restored.snapshot(2L, 8L);
        }
        try (BroadcastOperatorTestHarness<ChatMessage, RulePackUpdate, Moderated> again = fresh()) {
            again.initializeState(snapshot);
            again.open();
            again.processElement(msg("e", "zonk"), 9);
            assertTrue(diffs(again).isEmpty(), "a dropped run does not come back after a restore");
        }
    }

    @Test
    void theShadowKeyOnTheRulesTopicMakesACandidateAndItsTombstoneEndsTheRun() throws Exception {
        RulePackValidateFunction f = new RulePackValidateFunction();
        try (var h = ProcessFunctionTestHarnesses.forProcessFunction(f)) {
            byte[] shadowKey = Topics.SHADOW_PACK_KEY.getBytes(StandardCharsets.UTF_8);
            h.processElement(new RawRecord("rule-updates", 0, 1, 0L, ModerateFunctionTest.PACK.getBytes(StandardCharsets.UTF_8),
                    shadowKey), 1);
            h.processElement(new RawRecord("rule-updates", 0, 2, 0L, null, shadowKey), 2);
            h.processElement(new RawRecord("rule-updates", 0, 3, 0L, ModerateFunctionTest.PACK.getBytes(StandardCharsets.UTF_8),
                    "default".getBytes(StandardCharsets.UTF_8)), 3);
            h.processElement(new RawRecord("rule-updates", 0, 4, 0L, null, "default".getBytes(StandardCharsets.UTF_8)), 4);
            List<RulePackUpdate> out = h.extractOutputValues();
            assertEquals(3, out.size());
            assertTrue(out.get(0).shadow());
            assertEquals(RulePackUpdate.SHADOW_PREFIX + "h-2", out.get(0).version());
            assertTrue(out.get(1).dropShadow());
            assertTrue(out.get(2).live());
            assertEquals(1, h.getSideOutput(ParseFunction.DEAD_LETTERS).size(), "an empty live record is still refused");
        }
    }

    /** Records every counter and gauge registered under it by its key/value path, as Prometheus labels them. */
    static final class Recording extends org.apache.flink.metrics.groups.UnregisteredMetricsGroup {
        final String path;
        final java.util.Map<String, org.apache.flink.metrics.Counter> counters;

        Recording(String path, java.util.Map<String, org.apache.flink.metrics.Counter> counters) {
            this.path = path;
            this.counters = counters;
        }

        @Override
        public org.apache.flink.metrics.MetricGroup addGroup(String name) {
            return new Recording(path + name + "/", counters);
        }

        @Override
        public org.apache.flink.metrics.MetricGroup addGroup(String key, String value) {
            return new Recording(path + key + "=" + value + "/", counters);
        }

        @Override
        public org.apache.flink.metrics.Counter counter(String name) {
            return counters.computeIfAbsent(path + name, k -> new org.apache.flink.metrics.SimpleCounter());
        }
    }

    @Test
    void candidateHitsAreCountedPerRuleIdAndNothingIsExportedBeforeACandidateRuns() {
        java.util.Map<String, org.apache.flink.metrics.Counter> counters = new java.util.TreeMap<>();
        org.chatguard.pipeline.metrics.ShadowMetrics m = new org.chatguard.pipeline.metrics.ShadowMetrics(new Recording("", counters));
        assertTrue(counters.isEmpty(), "nothing before a shadow run");
        org.chatguard.rules.lang.LanguageRouter cand = org.chatguard.rules.lang.LanguageRouter.withEnglish(
                org.chatguard.rules.ModerationEngine.defaultEngine());
        ShadowRun run = new ShadowRun(cand, m);
        org.chatguard.rules.Verdict live = org.chatguard.rules.ModerationEngine.of(
                org.chatguard.rules.RulePackLoader.defaultPack()).analyze("what the fuck");
        run.compare(msg("x1", "what the fuck"), live);
        run.compare(msg("x2", "fuck"), org.chatguard.rules.ModerationEngine.defaultEngine().analyze("hello"));
        assertEquals(2, counters.get("chatguard/ruleId=prof.fuck/shadowRuleHits").getCount(), counters.keySet().toString());
        assertEquals(2, counters.get("chatguard/shadowMessages").getCount());
        assertEquals(1, counters.get("chatguard/shadowDiffs").getCount(), "only x2 differs");
    }
}
