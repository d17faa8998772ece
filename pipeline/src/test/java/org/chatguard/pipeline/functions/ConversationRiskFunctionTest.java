package org.chatguard.pipeline.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;
import org.chatguard.model.Decision;
import org.chatguard.model.StaffAction;
import org.chatguard.model.StaffAlert;
import org.chatguard.model.Tier;
import org.chatguard.pipeline.records.Assessed;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.Verdict;
import org.chatguard.rules.risk.RiskConfig;
import org.chatguard.rules.risk.UserSignal;

/** The conversation stage under Flink's keyed two-input harness, on the RocksDB backend the job uses. */
class ConversationRiskFunctionTest {

    static final ModerationEngine RULES = ModerationEngine.defaultEngine();
    static final Instant T0 = Instant.parse("2026-11-27T09:00:00Z");
    static final RiskConfig CFG = RiskConfig.defaults();
    static final List<String> INSULTS = List.of("you are such a loser", "ur so ugly and pathetic", "nobody likes you, you smell");

    static KeyedTwoInputStreamOperatorTestHarness<String, Assessed, StaffAction, Decision> harness(RiskConfig cfg) throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new ConversationRiskFunction(cfg)),
                (Assessed a) -> a.message().conversationId(), StaffAction::conversationId, Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    static int seq;

    static StreamRecord<Assessed> msg(String conv, String from, String to, String text, Instant at) {
        ChatMessage m = new ChatMessage("m" + (++seq), ContentKind.PRIVATE_MESSAGE, "inbox", conv, from, List.of(to), text, at);
        return new StreamRecord<>(new Assessed(m, RULES.analyze(text), UserSignal.NONE), at.toEpochMilli());
    }

    static StreamRecord<StaffAction> act(StaffAction.Type type, String conv, String alertId) {
        return new StreamRecord<>(new StaffAction("a" + (++seq), type, null, conv, alertId, null, "s-1", "note", T0), T0.toEpochMilli());
    }

    static List<StaffAlert> alerts(KeyedTwoInputStreamOperatorTestHarness<String, Assessed, StaffAction, Decision> h) {
        return h.getSideOutput(ConversationRiskFunction.ALERTS) == null ? List.of()
                : h.getSideOutput(ConversationRiskFunction.ALERTS).stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }

    /** Keys holding any of the stage's states; works on RocksDB, unlike the harness's heap-only counter. */
    static long entries(KeyedTwoInputStreamOperatorTestHarness<String, Assessed, StaffAction, Decision> h) {
        AbstractStreamOperator<?> op = (AbstractStreamOperator<?>) h.getOperator();
        long n = 0;
        for (String state : List.of("conversation-risk", "conversation-alerts")) {
            try (var keys = op.getKeyedStateBackend().getKeys(state, VoidNamespace.INSTANCE)) {
                n += keys.count();
            }
        }
        return n;
    }

    static Decision last(KeyedTwoInputStreamOperatorTestHarness<String, Assessed, StaffAction, Decision> h) {
        List<Decision> out = h.extractOutputValues();
        return out.get(out.size() - 1);
    }

    @Test
    void crossingTheThresholdBlocksMildMessagesUntilTheRiskDecays() throws Exception {
        try (var h = harness(CFG)) {
            h.open();
            for (int i = 0; i < INSULTS.size(); i++) {
                h.processElement1(msg("pm-1", "u-bob", "u-vic", INSULTS.get(i), T0.plusSeconds(i)));
            }
            h.processElement1(msg("pm-1", "u-bob", "u-vic", "shut up you idiot", T0.plusSeconds(5)));
            h.processElement1(msg("pm-1", "u-bob", "u-eve", "ur so ugly", T0.plusSeconds(10)));
            Decision d = last(h);
            assertEquals(Action.BLOCK, d.action(), "even aimed at someone else: the conversation is hostile");
            assertEquals(Verdict.INAPPROPRIATE, d.displayText());
            assertEquals(List.of("conversation-risk: insult"), d.reasons());

            // three half-lives later (event time) the score is an eighth: back to the per-message verdict
            h.processElement1(msg("pm-1", "u-bob", "u-eve", "ur so ugly", T0.plus(Duration.ofDays(3))));
            assertEquals(Action.MASK, last(h).action());
        }
    }

    @Test
    void oneAlertPerConcernCoalescedByTheRateLimitAndFlushedByOneTimer() throws Exception {
        try (var h = harness(CFG.withAlertUpdateInterval(Duration.ofMinutes(1)))) {
            h.open();
            h.setProcessingTime(1_000);
            for (int i = 0; i < INSULTS.size(); i++) {
                h.processElement1(msg("pm-2", "u-bob", "u-vic", INSULTS.get(i), T0.plusSeconds(i)));
            }
            assertEquals(1, alerts(h).size());
            assertEquals(0, h.numProcessingTimeTimers());
            h.processElement1(msg("pm-2", "u-bob", "u-vic", "shut up you idiot", T0.plusSeconds(5)));
            h.processElement1(msg("pm-2", "u-bob", "u-vic", "you are such a loser", T0.plusSeconds(6)));
            assertEquals(1, alerts(h).size(), "held back");
            assertEquals(1, h.numProcessingTimeTimers(), "one flush timer, not one per update");

            h.setProcessingTime(61_000);
            List<StaffAlert> a = alerts(h);
            assertEquals(2, a.size());
            assertEquals(a.get(0).alertId(), a.get(1).alertId());
            assertEquals(2, a.get(1).sequence());
            assertEquals(Instant.ofEpochMilli(61_000), a.get(1).updatedAt());
            assertEquals(0, h.numProcessingTimeTimers());

            // the bullied child shows distress: a higher tier goes out at once, whatever the rate limit
            h.processElement1(msg("pm-2", "u-vic", "u-bob", "i feel so alone", T0.plusSeconds(7)));
            h.processElement1(msg("pm-2", "u-bob", "u-vic", "ur so ugly", T0.plusSeconds(8)));
            StaffAlert escalated = alerts(h).stream().filter(x -> x.category() == Category.INSULT).reduce((x, y) -> y).orElseThrow();
            assertEquals(Tier.COUNSELLOR, escalated.tier());
            assertEquals(3, escalated.sequence());
            assertEquals(a.get(0).alertId(), escalated.alertId());
        }
    }

    @Test
    void resolvingLeavesNoAlertStateOrTimerBehindAndNewEvidenceOpensANewAlert() throws Exception {
        try (var h = harness(CFG.withAlertUpdateInterval(Duration.ofMinutes(1)))) {
            h.open();
            h.setProcessingTime(1_000);
            h.processElement1(msg("pm-3", "u-ivy", "u-hana", "i feel so alone", T0));
            h.processElement1(msg("pm-3", "u-ivy", "u-hana", "i cant cope anymore", T0.plusSeconds(1)));
            assertEquals(2, entries(h), "risk + alerts");
            assertEquals(1, h.numProcessingTimeTimers());
            String id = alerts(h).get(0).alertId();

            h.processElement2(act(StaffAction.Type.RESOLVE_ALERT, "pm-3", id));
            assertEquals(1, entries(h), "only the (decaying) risk is left");
            assertEquals(0, h.numProcessingTimeTimers(), "the pending flush timer was deleted");
            h.setProcessingTime(120_000);
            assertEquals(1, alerts(h).size(), "nothing flushed for a resolved alert");

            h.processElement1(msg("pm-3", "u-ivy", "u-hana", "i hate my life", T0.plusSeconds(2)));
            assertEquals(2, alerts(h).size());
            assertNotEquals(id, alerts(h).get(1).alertId());

            h.processElement2(act(StaffAction.Type.MUTE_CONVERSATION, "pm-3", null));
            h.processElement2(act(StaffAction.Type.DISMISS_ALERT, "pm-3", alerts(h).get(1).alertId()));
            assertEquals(2, entries(h), "a moderator cannot dismiss a counsellor's alert: it stays open");
            h.processElement2(new StreamRecord<>(new StaffAction("a" + (++seq), StaffAction.Type.DISMISS_ALERT, null, "pm-3",
                    alerts(h).get(1).alertId(), null, "s-2", null, T0, null, Tier.COUNSELLOR, null), T0.toEpochMilli()));
            h.processElement2(act(StaffAction.Type.UNMUTE_CONVERSATION, "pm-3", null));
            assertEquals(1, entries(h), "dismissed by a counsellor and unmuted, nothing open: alert state cleared");
        }
    }

    @Test
    void riskExpiresAfterItsTtlWhileTheOpenAlertLivesOnUntilChatRetention() throws Exception {
        RiskConfig cfg = CFG.withAlertUpdateInterval(Duration.ZERO).withTtls(Duration.ofDays(30), Duration.ofDays(365));
        try (var h = harness(cfg)) {
            h.open();
            h.setStateTtlProcessingTime(0);
            for (int i = 0; i < INSULTS.size(); i++) {
                h.processElement1(msg("pm-4", "u-bob", "u-vic", INSULTS.get(i), T0.plusSeconds(i)));
            }
            String id = alerts(h).get(0).alertId();
            h.processElement1(msg("pm-4", "u-bob", "u-vic", "ur so ugly", T0.plusSeconds(10)));
            assertEquals(Action.BLOCK, last(h).action());

            h.setStateTtlProcessingTime(Duration.ofDays(31).toMillis());
            // same event time, so only the TTL can explain the change
            h.processElement1(msg("pm-4", "u-bob", "u-vic", "ur so ugly", T0.plusSeconds(11)));
            assertEquals(Action.MASK, last(h).action(), "risk state expired");
            int before = alerts(h).size();
            // a message whose rule raises an alert by itself, now that the bullying pattern is forgotten
            h.processElement1(msg("pm-4", "u-bob", "u-vic", "nobody likes you, you smell", T0.plusSeconds(12)));
            assertEquals(before + 1, alerts(h).size());
            assertEquals(id, alerts(h).get(alerts(h).size() - 1).alertId(), "the open alert outlives the risk");

            h.setStateTtlProcessingTime(Duration.ofDays(31 + 366).toMillis());
            h.processElement1(msg("pm-4", "u-bob", "u-vic", "nobody likes you, you smell", T0.plusSeconds(13)));
            assertEquals(before + 2, alerts(h).size());
            StaffAlert fresh = alerts(h).get(alerts(h).size() - 1);
            assertNotEquals(id, fresh.alertId(), "after chat retention the alert bookkeeping is gone too");
            assertEquals(1, fresh.sequence());
        }
    }

    @Test
    void aTaskRestoredFromASnapshotContinuesExactlyAsTheOriginal() throws Exception {
        RiskConfig cfg = CFG.withAlertUpdateInterval(Duration.ofMinutes(1));
        List<StreamRecord<Assessed>> first = List.of(
                msg("pm-5", "u-gary", "u-kim", "hey, you are so mature for your age", T0),
                msg("pm-5", "u-gary", "u-kim", "how old are you? what school do you go to?", T0.plusSeconds(60)),
                msg("pm-5", "u-gary", "u-kim", "you can tell me anything, im always here for you", T0.plusSeconds(120)),
                msg("pm-6", "u-bob", "u-vic", INSULTS.get(0), T0),
                msg("pm-6", "u-bob", "u-vic", INSULTS.get(1), T0.plusSeconds(1)),
                msg("pm-6", "u-bob", "u-vic", INSULTS.get(2), T0.plusSeconds(2)),
                msg("pm-6", "u-bob", "u-vic", "shut up you idiot", T0.plusSeconds(3)));
        List<StreamRecord<Assessed>> second = List.of(
                msg("pm-5", "u-gary", "u-kim", "your parents dont understand you like i do", T0.plusSeconds(180)),
                msg("pm-5", "u-gary", "u-kim", "this is our secret, dont tell your parents", T0.plusSeconds(240)),
                msg("pm-6", "u-bob", "u-vic", "ur so ugly", T0.plusSeconds(4)));

        OperatorSubtaskState snapshot;
        List<Decision> originalDecisions;
        List<StaffAlert> originalAlerts;
        try (var h = harness(cfg)) {
            h.open();
            h.setProcessingTime(1_000);
            for (var r : first) {
                h.processElement1(r);
            }
            snapshot = h.snapshot(1L, 2_000L);
            int d0 = h.extractOutputValues().size();
            int a0 = alerts(h).size();
            for (var r : second) {
                h.processElement1(r);
            }
            h.setProcessingTime(90_000);
            originalDecisions = h.extractOutputValues().subList(d0, h.extractOutputValues().size());
            originalAlerts = alerts(h).subList(a0, alerts(h).size());
        }
        assertTrue(originalAlerts.size() >= 2, originalAlerts.toString());
        try (var restored = harness(cfg)) {
            restored.initializeState(snapshot);
            restored.open();
            restored.setProcessingTime(1_000);
            assertEquals(1, restored.numProcessingTimeTimers(), "the pending flush timer was restored");
            for (var r : second) {
                restored.processElement1(r);
            }
            restored.setProcessingTime(90_000);
            assertEquals(originalDecisions, restored.extractOutputValues());
            assertEquals(originalAlerts, alerts(restored));
        }
    }

    @Test
    void lateMessagesAreStillModerated() throws Exception {
        try (var h = harness(CFG)) {
            h.open();
            h.processWatermark1(new Watermark(T0.plus(Duration.ofHours(1)).toEpochMilli()));
            h.processWatermark2(Watermark.MAX_WATERMARK);
            h.processElement1(msg("pm-7", "u-bob", "u-vic", "you are such a loser", T0));
            assertEquals(Action.MASK, last(h).action());
        }
    }

    /** Issue 12's transcript in the job's stage: after a moderator's mute, the disclosure and self-harm still alert. */
    @Test
    void aModeratorsMuteNeverSilencesAbuseDisclosureOrSelfHarm() throws Exception {
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        try (var h = harness(CFG)) {
            h.open();
            h.setProcessingTime(t.toEpochMilli());
            h.processElement1(msg("c1", "a", "b", "you are such an idiot", t));
            h.processElement1(msg("c1", "a", "b", "you stupid loser", t.plusSeconds(10)));
            h.processElement1(msg("c1", "a", "b", "nobody likes you idiot", t.plusSeconds(20)));
            int bullying = alerts(h).size();
            assertTrue(bullying > 0);
            h.setProcessingTime(t.plusSeconds(60).toEpochMilli());
            h.processElement2(new StreamRecord<>(new StaffAction("sa1", StaffAction.Type.MUTE_CONVERSATION, null, "c1", null, null,
                    "s-mod", null, t.plusSeconds(60)), t.plusSeconds(60).toEpochMilli()));
            h.setProcessingTime(t.plusSeconds(120).toEpochMilli());
            StreamRecord<Assessed> m4 = msg("c1", "b", "a", "my dad hits me when he is drunk and i am scared to go home", t.plusSeconds(120));
            h.processElement1(m4);
            h.setProcessingTime(t.plusSeconds(180).toEpochMilli());
            StreamRecord<Assessed> m5 = msg("c1", "b", "a", "i want to kill myself tonight", t.plusSeconds(180));
            h.processElement1(m5);
            h.processElement1(msg("c1", "a", "b", "you stupid idiot loser", t.plusSeconds(190)));
            List<StaffAlert> after = alerts(h).subList(bullying, alerts(h).size());
            assertTrue(after.stream().anyMatch(a -> a.tier() == Tier.SAFEGUARDING && a.category() == Category.ABUSE_DISCLOSURE
                    && a.evidence().stream().anyMatch(e -> e.messageId().equals(m4.getValue().message().id()))), after.toString());
            assertTrue(after.stream().anyMatch(a -> a.tier().compareTo(Tier.COUNSELLOR) >= 0
                    && a.evidence().stream().anyMatch(e -> e.messageId().equals(m5.getValue().message().id()))), after.toString());
            assertTrue(after.stream().noneMatch(a -> a.category() == Category.INSULT && a.tier() == Tier.MODERATOR),
                    "the bullying the moderator muted stays quiet: " + after);
        }
    }
}
