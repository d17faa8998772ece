package org.chatguard.pipeline.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

import org.chatguard.model.Action;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;
import org.chatguard.model.StaffAlert;
import org.chatguard.model.Tier;
import org.chatguard.pipeline.records.Assessed;
import org.chatguard.pipeline.records.Moderated;
import org.chatguard.pipeline.records.RulePackUpdate;
import org.chatguard.rules.RulePackLoader;
import org.chatguard.rules.Verdict;
import org.chatguard.rules.risk.RiskConfig;
import org.chatguard.rules.risk.UserSignal;

class ModerateFunctionTest {

    static final String PACK = """
            version: "h-2"
            rules:
              - id: t.zonk
                category: profanity
                severity: 2
                action: mask
                terms: ["zonk"]
            """;

    private static ChatMessage msg(String id, String text) {
        return new ChatMessage(id, ContentKind.CHAT, "general", "c1", "u1", List.of(), text, Instant.EPOCH);
    }

    @Test
    void broadcastPackReplacesTheEngineAndSurvivesARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (BroadcastOperatorTestHarness<ChatMessage, RulePackUpdate, Moderated> h =
                     ProcessFunctionTestHarnesses.forBroadcastProcessFunction(new ModerateFunction(null, null), ModerateFunction.RULE_PACK)) {
            h.processElement(msg("a", "zonk"), 1);
            h.processBroadcastElement(new RulePackUpdate("h-2", "test", PACK), 2);
            h.processElement(msg("b", "zonk"), 3);
            List<Moderated> out = h.extractOutputValues();
            assertEquals(RulePackLoader.defaultPack().version(), out.get(0).verdict().rulePackVersion());
            assertEquals(Action.ALLOW, out.get(0).verdict().action());
            assertEquals("h-2", out.get(1).verdict().rulePackVersion());
            assertEquals("****", out.get(1).verdict().displayText());
            snapshot = h.snapshot(1L, 4L);
        }
        // a fresh task starts with the default pack but must resume with the one in broadcast state
        try (BroadcastOperatorTestHarness<ChatMessage, RulePackUpdate, Moderated> restored =
                     new BroadcastOperatorTestHarness<>(new CoBroadcastWithNonKeyedOperator<>(new ModerateFunction(null, null),
                             List.of(ModerateFunction.RULE_PACK)), 1, 1, 0)) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement(msg("c", "zonk"), 5);
            Moderated c = restored.extractOutputValues().get(0);
            assertEquals("h-2", c.verdict().rulePackVersion());
            assertEquals(Action.MASK, c.verdict().action());
        }
    }

    @Test
    void aPackThatFailsToCompileLeavesTheCurrentOneInForce() throws Exception {
        try (BroadcastOperatorTestHarness<ChatMessage, RulePackUpdate, Moderated> h =
                     ProcessFunctionTestHarnesses.forBroadcastProcessFunction(new ModerateFunction(null, null), ModerateFunction.RULE_PACK)) {
            h.processBroadcastElement(new RulePackUpdate("bad", "test", "version: bad\nrules: 42\n"), 1);
            h.processElement(msg("a", "hello"), 2);
            assertEquals(RulePackLoader.defaultPack().version(), h.extractOutputValues().get(0).verdict().rulePackVersion());
            assertFalse(h.getBroadcastState(ModerateFunction.RULE_PACK).entries().iterator().hasNext(),
                    "nothing stored for a pack that did not compile");
        }
    }

    /** The job's engines, but the matcher throws on texts with "boom" in them. */
    static final ModerateFunction.EngineFactory FAULTY = pack -> org.chatguard.rules.ModerationEngine.withProbe(pack, text -> {
        if (text.contains("boom")) {
            throw new IllegalStateException("simulated matcher fault");
        }
    });

    @Test
    void anEngineFaultIsHeldForStaffWithAModeratorAlertInTheStatelessAndStatefulPaths() throws Exception {
        List<Moderated> moderated;
        try (BroadcastOperatorTestHarness<ChatMessage, RulePackUpdate, Moderated> h =
                     ProcessFunctionTestHarnesses.forBroadcastProcessFunction(new ModerateFunction(null, null, FAULTY), ModerateFunction.RULE_PACK)) {
            h.processElement(msg("a", "boom my secret words"), 1);
            h.processElement(msg("b", "this is shit"), 2);
            moderated = h.extractOutputValues();
        }
        assertEquals(2, moderated.size(), "the fault neither stops the operator nor loses the message");
        assertTrue(moderated.get(0).verdict().isEngineError());
        assertEquals(Action.MASK, moderated.get(1).verdict().action(), "the next message is moderated as usual");

        // stateless: the decide stage
        try (var d = ProcessFunctionTestHarnesses.forProcessFunction(new DecideFunction())) {
            for (Moderated m : moderated) {
                d.processElement(new org.apache.flink.streaming.runtime.streamrecord.StreamRecord<>(m));
            }
            var decisions = d.extractOutputValues();
            assertEquals(Action.HOLD, decisions.get(0).action());
            assertEquals(List.of(Verdict.ENGINE_ERROR), decisions.get(0).reasons());
            var alerts = d.getSideOutput(DecideFunction.ALERTS).stream().map(r -> r.getValue()).toList();
            assertEquals(1, alerts.size());
            assertEquals(Tier.MODERATOR, alerts.get(0).tier());
            assertEquals(List.of(Verdict.ENGINE_ERROR), alerts.get(0).reasonCodes());
            assertFalse(alerts.get(0).toString().contains("secret"));
        }

        // stateful: the conversation stage (after the user stage, which passes the verdict on unchanged)
        try (var c = ConversationRiskFunctionTest.harness(RiskConfig.defaults())) {
            c.open();
            for (Moderated m : moderated) {
                c.processElement1(new org.apache.flink.streaming.runtime.streamrecord.StreamRecord<>(
                        new Assessed(m.message(), m.verdict(), UserSignal.NONE), 1L));
            }
            var decisions = c.extractOutputValues();
            assertEquals(Action.HOLD, decisions.get(0).action());
            assertEquals(List.of(Verdict.ENGINE_ERROR), decisions.get(0).reasons());
            List<StaffAlert> alerts = ConversationRiskFunctionTest.alerts(c);
            assertEquals(1, alerts.size(), alerts.toString());
            assertEquals(Tier.MODERATOR, alerts.get(0).tier());
            assertEquals(List.of(Verdict.ENGINE_ERROR), alerts.get(0).reasonCodes());
            assertEquals("a", alerts.get(0).evidence().get(0).messageId());
            assertFalse(alerts.get(0).toString().contains("secret"));
        }
    }
}
