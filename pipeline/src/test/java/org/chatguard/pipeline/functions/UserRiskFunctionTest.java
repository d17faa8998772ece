package org.chatguard.pipeline.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;
import org.chatguard.model.StaffAction;
import org.chatguard.pipeline.records.Assessed;
import org.chatguard.pipeline.records.Moderated;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.risk.RiskConfig;

class UserRiskFunctionTest {

    static final ModerationEngine RULES = ModerationEngine.defaultEngine();
    static final Instant T0 = Instant.parse("2026-11-27T09:00:00Z");

    static KeyedTwoInputStreamOperatorTestHarness<String, Moderated, StaffAction, Assessed> harness() throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new UserRiskFunction(RiskConfig.defaults())),
                (Moderated m) -> m.message().senderId(), StaffAction::userId, Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    static Moderated msg(ContentKind kind, String conv, String from, String text, Instant at) {
        return new Moderated(new ChatMessage(conv + at, kind, "x", conv, from, List.of(), text, at), RULES.analyze(text));
    }

    static StaffAction act(StaffAction.Type type, String user) {
        return new StaffAction("a-" + type, type, user, null, null, null, "s-1", null, T0);
    }

    static long entries(KeyedTwoInputStreamOperatorTestHarness<String, Moderated, StaffAction, Assessed> h) {
        try (var keys = ((AbstractStreamOperator<?>) h.getOperator()).getKeyedStateBackend().getKeys("user-risk", VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    static Assessed last(KeyedTwoInputStreamOperatorTestHarness<String, Moderated, StaffAction, Assessed> h) {
        List<Assessed> out = h.extractOutputValues();
        return out.get(out.size() - 1);
    }

    @Test
    void aBlockAppliesToTheUsersNextMessageEverywhereAndUnblockLeavesLowerTrust() throws Exception {
        OperatorSubtaskState snap;
        try (var h = harness()) {
            h.open();
            h.processElement1(msg(ContentKind.CHAT, "c1", "u-x", "hello", T0), 1);
            assertFalse(last(h).sender().blocked());
            h.processElement2(act(StaffAction.Type.BLOCK_USER, "u-x"), 2);
            assertEquals(1, entries(h));
            for (ContentKind k : ContentKind.values()) {
                h.processElement1(msg(k, "conv-" + k, "u-x", "hello", T0.plusSeconds(1)), 3);
                assertTrue(last(h).sender().blocked(), k.name());
            }
            h.processElement1(msg(ContentKind.CHAT, "c1", "u-y", "hello", T0), 4);
            assertFalse(last(h).sender().blocked(), "only the blocked user");
            snap = h.snapshot(1, 5);
        }
        try (var h = harness()) {
            h.initializeState(snap);
            h.open();
            h.processElement1(msg(ContentKind.BLOG, "b1", "u-x", "hello", T0.plusSeconds(2)), 6);
            assertTrue(last(h).sender().blocked(), "the block survives a restore");
            h.processElement2(act(StaffAction.Type.UNBLOCK_USER, "u-x"), 7);
            h.processElement1(msg(ContentKind.BLOG, "b1", "u-x", "hello", T0.plusSeconds(3)), 8);
            assertFalse(last(h).sender().blocked());
            // the block stays on record as a staff-confirmed violation (lower trust: thresholds halved) and every
            // sender's message count is kept for new-account trust: no user state is dropped here any more
            assertEquals(0.5, last(h).sender().thresholdFactor());
            assertEquals(2, entries(h), "u-x's trust history and u-y's message count");
            assertEquals(0, h.numProcessingTimeTimers() + h.numEventTimeTimers());
        }
    }

    @Test
    void distressBuildsAcrossConversationsAndFades() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement1(msg(ContentKind.CHAT, "c1", "u-ivy", "i feel so alone", T0), 1);
            h.processElement1(msg(ContentKind.PRIVATE_MESSAGE, "p1", "u-ivy", "i cant cope anymore", T0.plus(Duration.ofHours(20))), 2);
            h.processElement1(msg(ContentKind.BLOG, "b1", "u-ivy", "i hate my life", T0.plus(Duration.ofDays(2))), 3);
            Assessed a = last(h);
            assertEquals(3, a.sender().distressSignals());
            assertTrue(a.sender().distress() >= RiskConfig.defaults().distressThreshold(), "builds over days: " + a.sender());
            h.processElement1(msg(ContentKind.CHAT, "c1", "u-ivy", "i feel so alone", T0.plus(Duration.ofDays(40))), 4);
            assertEquals(1, last(h).sender().distressSignals(), "faded out, counting starts again");
        }
    }
}
