package org.chatguard.pipeline.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
import org.chatguard.pipeline.records.Moderated;
import org.chatguard.pipeline.records.RulePackUpdate;
import org.chatguard.rules.RulePackLoader;

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
}
