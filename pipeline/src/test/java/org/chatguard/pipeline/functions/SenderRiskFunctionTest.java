package org.chatguard.pipeline.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

import org.chatguard.model.Action;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;
import org.chatguard.model.StaffAction;
import org.chatguard.pipeline.records.Assessed;
import org.chatguard.pipeline.records.RulePackUpdate;
import org.chatguard.pipeline.records.SenderInput;
import org.chatguard.rules.risk.RiskConfig;
import org.chatguard.rules.risk.SplitWords;
import org.chatguard.rules.risk.TrustConfig;

/** The per-sender stage on RocksDB: moderation, split words and user risk behind one key, and what it leaves in state. */
class SenderRiskFunctionTest {

    static final Instant T0 = Instant.parse("2026-11-27T09:00:00Z");

    static KeyedBroadcastOperatorTestHarness<String, SenderInput, RulePackUpdate, Assessed> harness() throws Exception {
        var fn = new SenderRiskFunction(null, null, RiskConfig.defaults(), TrustConfig.defaults(), SplitWords.Config.defaults());
        var h = new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(fn, List.of(ModerateFunction.RULE_PACK)),
                SenderInput::userId, Types.STRING, 1, 1, 0);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    static SenderInput msg(ContentKind kind, String conv, String from, String text, Instant at) {
        return SenderInput.of(new ChatMessage(conv + "-" + from + "-" + at.toEpochMilli(), kind, "x", conv, from, List.of(), text, at));
    }

    static SenderInput act(StaffAction.Type type, String user) {
        return SenderInput.of(new StaffAction("a-" + type, type, user, null, null, null, "s-1", null, T0));
    }

    static long entries(KeyedBroadcastOperatorTestHarness<String, SenderInput, RulePackUpdate, Assessed> h, String state) {
        try (var keys = ((AbstractStreamOperator<?>) h.getOperator()).getKeyedStateBackend().getKeys(state, VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    static Assessed last(KeyedBroadcastOperatorTestHarness<String, SenderInput, RulePackUpdate, Assessed> h) {
        List<Assessed> out = h.extractOutputValues();
        return out.get(out.size() - 1);
    }

    @Test
    void aBlockAppliesToTheUsersNextMessageEverywhereAndUnblockLeavesLowerTrust() throws Exception {
        OperatorSubtaskState snap;
        try (var h = harness()) {
            h.open();
            h.processElement(msg(ContentKind.CHAT, "c1", "u-x", "hello", T0), 1);
            assertFalse(last(h).sender().blocked());
            h.processElement(act(StaffAction.Type.BLOCK_USER, "u-x"), 2);
            assertEquals(1, entries(h, "user-risk"));
            for (ContentKind k : ContentKind.values()) {
                h.processElement(msg(k, "conv-" + k, "u-x", "hello", T0.plusSeconds(1)), 3);
                assertTrue(last(h).sender().blocked(), k.name());
            }
            h.processElement(msg(ContentKind.CHAT, "c1", "u-y", "hello", T0), 4);
            assertFalse(last(h).sender().blocked(), "only the blocked user");
            snap = h.snapshot(1, 5);
        }
        try (var h = harness()) {
            h.initializeState(snap);
            h.open();
            h.processElement(msg(ContentKind.BLOG, "b1", "u-x", "hello", T0.plusSeconds(2)), 6);
            assertTrue(last(h).sender().blocked(), "the block survives a restore");
            h.processElement(act(StaffAction.Type.UNBLOCK_USER, "u-x"), 7);
            h.processElement(msg(ContentKind.BLOG, "b1", "u-x", "hello", T0.plusSeconds(3)), 8);
            assertFalse(last(h).sender().blocked());
            // the block stays on record as a staff-confirmed violation (lower trust: thresholds halved) and every
            // sender's message count is kept for new-account trust
            assertEquals(0.5, last(h).sender().thresholdFactor());
            assertEquals(2, entries(h, "user-risk"), "u-x's trust history and u-y's message count");
            assertEquals(0, h.numProcessingTimeTimers() + h.numEventTimeTimers());
        }
    }

    /** Issue 16 item 4: an alert resolved in the console names its author (ConsoleService.violationAuthor); the author's trust drops. */
    @Test
    void anAlertResolvedInTheConsoleMakesTheAuthorsNextInsultActSooner() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(msg(ContentKind.CHAT, "c1", "u-x", "you are an idiot", T0), 1);
            assertEquals(org.chatguard.model.Action.MASK, last(h).verdict().action(), "before: masked");
            // the action as the console publishes it: the alert's conversation, id and category, the author in userId
            h.processElement(SenderInput.of(new StaffAction("sa-1", StaffAction.Type.RESOLVE_ALERT, "u-x", "c1", "al-1",
                    org.chatguard.model.Category.INSULT, "mod-1", null, T0.plusSeconds(5))), 2);
            h.processElement(msg(ContentKind.CHAT, "c2", "u-x", "you are an idiot", T0.plusSeconds(10)), 3);
            assertEquals(org.chatguard.model.Action.BLOCK, last(h).verdict().action(), "after: blocked " + last(h).verdict().matches());
            assertEquals(0.5, last(h).sender().thresholdFactor());
            h.processElement(msg(ContentKind.CHAT, "c2", "u-y", "you are an idiot", T0.plusSeconds(11)), 4);
            assertEquals(org.chatguard.model.Action.MASK, last(h).verdict().action(), "only the author");
        }
    }

    @Test
    void distressBuildsAcrossConversationsAndFades() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(msg(ContentKind.CHAT, "c1", "u-ivy", "i feel so alone", T0), 1);
            h.processElement(msg(ContentKind.PRIVATE_MESSAGE, "p1", "u-ivy", "i cant cope anymore", T0.plus(Duration.ofHours(20))), 2);
            h.processElement(msg(ContentKind.BLOG, "b1", "u-ivy", "i hate my life", T0.plus(Duration.ofDays(2))), 3);
            Assessed a = last(h);
            assertEquals(3, a.sender().distressSignals());
            assertTrue(a.sender().distress() >= RiskConfig.defaults().distressThreshold(), "builds over days: " + a.sender());
            h.processElement(msg(ContentKind.CHAT, "c1", "u-ivy", "i feel so alone", T0.plus(Duration.ofDays(40))), 4);
            assertEquals(1, last(h).sender().distressSignals(), "faded out, counting starts again");
        }
    }

    @Test
    void moderatesWithTheBroadcastPackAndPassesOnNoTextBeyondPieces() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(msg(ContentKind.CHAT, "c1", "u-a", "what a zonk day, honestly", T0), 1);
            assertEquals(Action.ALLOW, last(h).verdict().action(), "not in the bundled pack");
            h.processBroadcastElement(new RulePackUpdate("h-2", "test", ModerateFunctionTest.PACK), 2);
            h.processElement(msg(ContentKind.CHAT, "c1", "u-a", "what a zonk day, honestly", T0.plusSeconds(1)), 3);
            Assessed a = last(h);
            assertEquals(Action.MASK, a.verdict().action());
            assertEquals("h-2", a.verdict().rulePackVersion());
            assertEquals("what a zonk day, honestly", a.message().text(), "the conversation stage's signals read the text");
        }
    }

    @Test
    void aMatcherFaultFailsClosedAndTheNextMessageIsModeratedAsUsual() throws Exception {
        var fn = new SenderRiskFunction(null, null, ModerateFunctionTest.FAULTY, RiskConfig.defaults(), TrustConfig.defaults(),
                SplitWords.Config.defaults());
        try (var h = new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(fn, List.of(ModerateFunction.RULE_PACK)),
                SenderInput::userId, Types.STRING, 1, 1, 0)) {
            h.open();
            h.processElement(msg(ContentKind.CHAT, "c1", "u-a", "boom", T0), 1);
            Assessed failed = last(h);
            assertEquals(Action.HOLD, failed.verdict().action(), "held for staff, never allowed");
            assertTrue(failed.verdict().reasonCodes().contains(org.chatguard.rules.Verdict.ENGINE_ERROR), failed.verdict().reasonCodes().toString());
            h.processElement(msg(ContentKind.CHAT, "c1", "u-a", "hello", T0.plusSeconds(1)), 2);
            assertEquals(Action.ALLOW, last(h).verdict().action());
        }
    }

    @Test
    void piecesJoinPerConversationAndLeaveNoStateOnceAWordIsComplete() throws Exception {
        try (var h = harness()) {
            h.open();
            Instant t = T0;
            // the same sender types "k" "y" "s" in c1, interleaved with an innocent "k" "o" "k" in c2
            String[] c1 = {"k", "y", "s"};
            String[] c2 = {"k", "o", "k"};
            for (int i = 0; i < 3; i++) {
                h.processElement(msg(ContentKind.CHAT, "c1", "u-p", c1[i], t = t.plusSeconds(1)), i * 2L);
                h.processElement(msg(ContentKind.CHAT, "c2", "u-p", c2[i], t = t.plusSeconds(1)), i * 2L + 1);
            }
            List<Assessed> out = h.extractOutputValues();
            assertEquals(6, out.size(), "one output per message");
            Assessed kys = out.get(4);
            assertEquals("c1", kys.message().conversationId());
            assertTrue(kys.verdict().action().compareTo(Action.ALLOW) > 0, "the piece that completes 'kys' acts: " + kys.verdict());
            assertTrue(kys.verdict().reasonCodes().stream().anyMatch(r -> r.startsWith(SplitWords.REASON)), kys.verdict().reasonCodes().toString());
            assertEquals(Action.ALLOW, out.get(5).verdict().action(), "'k' 'o' 'k' stays clean");
            assertEquals(0, h.numProcessingTimeTimers() + h.numEventTimeTimers(), "pieces expire by TTL, not timers");
        }
    }
}
