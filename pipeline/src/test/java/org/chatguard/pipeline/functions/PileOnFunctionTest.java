package org.chatguard.pipeline.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

import org.chatguard.model.Category;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;
import org.chatguard.model.Decision;
import org.chatguard.model.Evidence;
import org.chatguard.model.StaffAction;
import org.chatguard.model.StaffAlert;
import org.chatguard.model.Tier;
import org.chatguard.pipeline.records.Assessed;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.risk.ConversationAlerts;
import org.chatguard.rules.risk.ConversationRisk;
import org.chatguard.rules.risk.ConversationScorer;
import org.chatguard.rules.risk.PileOn;
import org.chatguard.rules.risk.RiskConfig;
import org.chatguard.rules.risk.UserSignal;

/**
 * Pile-ons in the conversation stage (Flink's keyed harness on RocksDB): one alert about the target, one map entry
 * per target that its clean-up timer removes, nothing left behind, and a restore from state written before
 * pile-ons existed.
 */
class PileOnFunctionTest {

    static final ModerationEngine ENGINE = ModerationEngine.defaultEngine();
    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final RiskConfig CFG = RiskConfig.defaults();
    int n;

    StreamRecord<Assessed> msg(String from, String to, String text, Instant at) {
        ChatMessage m = new ChatMessage("g" + (++n), ContentKind.CHAT, "general", "room-1", from, List.of(to), text, at);
        return new StreamRecord<>(new Assessed(m, ENGINE.analyze(text), UserSignal.NONE), at.toEpochMilli());
    }

    List<StreamRecord<Assessed>> issueExample() {
        return List.of(
                msg("u-amy", "u-kid", "ur so weird nobody even likes u", T0),
                msg("u-bea", "u-kid", "ugly loser just leave", T0.plusSeconds(60)),
                msg("u-cal", "u-kid", "the whole class is laughing at u", T0.plusSeconds(120)),
                msg("u-amy", "u-kid", "just go away forever and dont come back", T0.plusSeconds(180)));
    }

    /** Conversations with at least one pile-on entry (RocksDB: the harness's own counter is heap-only). */
    static long pileOnKeys(KeyedTwoInputStreamOperatorTestHarness<String, Assessed, StaffAction, Decision> h) throws Exception {
        AbstractStreamOperator<?> op = (AbstractStreamOperator<?>) h.getOperator();
        try (var keys = op.getKeyedStateBackend().getKeys("pile-on", VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    @Test
    void theIssuesExampleRaisesOneAlertAndItsStateGoesWhenTheWindowHasPassed() throws Exception {
        try (var h = ConversationRiskFunctionTest.harness(CFG)) {
            h.open();
            for (var r : issueExample()) {
                h.processElement1(r);
            }
            List<StaffAlert> a = ConversationRiskFunctionTest.alerts(h);
            assertEquals(1, a.size(), a.toString());
            assertEquals(Tier.MODERATOR, a.get(0).tier());
            assertEquals(Category.INSULT, a.get(0).category());
            assertEquals(List.of("u-kid"), a.get(0).subjectUserIds());
            assertEquals(List.of("u-amy", "u-bea", "u-cal"), a.get(0).evidence().stream().map(Evidence::senderId).toList());
            assertEquals(1, pileOnKeys(h));

            // the last hit was at 10:03: its window ends at 10:13
            h.processBothWatermarks(new Watermark(T0.plus(Duration.ofMinutes(12)).toEpochMilli()));
            assertEquals(1, pileOnKeys(h), "u-amy's 10:03 hit is still in the window");
            h.processBothWatermarks(new Watermark(T0.plus(Duration.ofMinutes(13)).toEpochMilli()));
            assertEquals(0, pileOnKeys(h), "every hit left the window: the target's entry is gone");
            assertEquals(1, h.numEventTimeTimers(), "only the alert's acknowledgement deadline is left");
            assertEquals(1, ConversationRiskFunctionTest.alerts(h).size(), "a clean-up timer escalates nothing");

            h.processElement2(new StreamRecord<>(new StaffAction("sa-1", StaffAction.Type.DISMISS_ALERT, null, "room-1",
                    a.get(0).alertId(), null, "s-1", null, T0.plus(Duration.ofMinutes(20)), null, Tier.MODERATOR, null)));
            assertEquals(0, h.numEventTimeTimers(), "dismissed by a moderator: no deadline");
            assertEquals(1, ConversationRiskFunctionTest.entries(h), "only the conversation's (decaying) risk is left");
        }
    }

    /** As {@code PileOnTest}: resolved is handled, not "never again"; the pile-on that goes on alerts anew. */
    @Test
    void aPileOnThatGoesOnAfterItsAlertWasResolvedAlertsAgain() throws Exception {
        try (var h = ConversationRiskFunctionTest.harness(CFG)) {
            h.open();
            for (var r : issueExample()) {
                h.processElement1(r);
            }
            List<StaffAlert> a = ConversationRiskFunctionTest.alerts(h);
            assertEquals(1, a.size(), a.toString());
            h.processElement2(new StreamRecord<>(new StaffAction("sa-1", StaffAction.Type.RESOLVE_ALERT, null, "room-1",
                    a.get(0).alertId(), null, "s-1", null, T0.plusSeconds(200), null, Tier.MODERATOR, null)));
            h.processElement1(msg("u-dan", "u-kid", "nobody wants u here", T0.plusSeconds(240)));
            List<StaffAlert> after = ConversationRiskFunctionTest.alerts(h);
            // the room's insult score may alert about the senders too; the pile-on alert is about the target
            List<StaffAlert> piled = after.subList(1, after.size()).stream()
                    .filter(x -> x.reasonCodes().stream().anyMatch(r -> r.startsWith(PileOn.REASON))).toList();
            assertEquals(1, piled.size(), after.toString());
            StaffAlert again = piled.get(0);
            assertEquals(Category.INSULT, again.category());
            // the conversation model's bullying concern about the senders may join the same alert
            assertTrue(again.subjectUserIds().contains("u-kid"), again.subjectUserIds()::toString);
            assertTrue(again.evidence().stream().anyMatch(x -> x.senderId().equals("u-dan")), again.evidence()::toString);
            h.processBothWatermarks(Watermark.MAX_WATERMARK);
            assertEquals(0, pileOnKeys(h), "nothing left behind");
        }
    }

    @Test
    void theEndOfABoundedInputClearsThePileOnsAndEscalatesNothing() throws Exception {
        try (var h = ConversationRiskFunctionTest.harness(CFG)) {
            h.open();
            for (var r : issueExample()) {
                h.processElement1(r);
            }
            h.processBothWatermarks(Watermark.MAX_WATERMARK);
            assertEquals(0, pileOnKeys(h));
            assertEquals(1, ConversationRiskFunctionTest.alerts(h).size());
        }
    }

    @Test
    void twoSendersBothWaysLeaveNoAlertAndNoEntryOnceQuiet() throws Exception {
        try (var h = ConversationRiskFunctionTest.harness(CFG)) {
            h.open();
            h.processElement1(msg("u-jo", "u-max", "ur such an idiot lol", T0));
            h.processElement1(msg("u-max", "u-jo", "ur the muppet", T0.plusSeconds(30)));
            h.processElement1(msg("u-jo", "u-max", "muppet", T0.plusSeconds(60)));
            assertTrue(ConversationRiskFunctionTest.alerts(h).isEmpty());
            assertEquals(1, pileOnKeys(h), "one conversation, two targets in its map");
            h.processBothWatermarks(new Watermark(T0.plus(Duration.ofMinutes(11)).toEpochMilli()));
            assertEquals(0, pileOnKeys(h));
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    /**
     * The conversation stage as it was before pile-ons: the same two values, written by the same scorer. A
     * snapshot of it is what a job upgraded from a savepoint starts with.
     */
    static final class StageBeforePileOns extends KeyedCoProcessFunction<String, Assessed, StaffAction, Decision> {
        private transient ValueState<byte[]> risk;
        private transient ValueState<byte[]> alerts;

        @Override
        public void open(OpenContext ctx) {
            risk = getRuntimeContext().getState(RiskState.bytes("conversation-risk", CFG.riskTtl()));
            alerts = getRuntimeContext().getState(RiskState.bytes("conversation-alerts", CFG.chatStateTtl()));
        }

        @Override
        public void processElement1(Assessed a, Context ctx, Collector<Decision> out) throws Exception {
            Instant now = Instant.ofEpochMilli(ctx.timerService().currentProcessingTime());
            ConversationRisk r = ConversationRisk.decode(risk.value());
            ConversationScorer.Assessment as = ConversationScorer.assess(r, a.message(), a.verdict(), a.sender(), now, CFG);
            risk.update(r.encode());
            out.collect(as.decision());
            if (!as.concerns().isEmpty()) {
                ConversationAlerts al = ConversationAlerts.decode(alerts.value());
                ConversationScorer.raise(al, r, as.concerns(), a.message(), a.verdict().rulePackVersion(), now, CFG);
                alerts.update(al.encode());
            }
        }

        @Override
        public void processElement2(StaffAction action, Context ctx, Collector<Decision> out) {
        }
    }

    @Test
    void aJobRestoredFromStateWrittenBeforePileOnsJoinsTheOpenBullyingAlert() throws Exception {
        OperatorSubtaskState before;
        try (var old = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new StageBeforePileOns()),
                (Assessed a) -> a.message().conversationId(), StaffAction::conversationId, Types.STRING)) {
            old.setStateBackend(new EmbeddedRocksDBStateBackend());
            old.open();
            old.processElement1(msg("u-amy", "u-kid", "ur so ugly", T0.minusSeconds(300)));
            old.processElement1(msg("u-amy", "u-kid", "ur such a loser", T0.minusSeconds(290)));
            old.processElement1(msg("u-amy", "u-kid", "ur pathetic", T0.minusSeconds(280)));
            before = old.snapshot(1L, 1L);
        }
        try (var h = ConversationRiskFunctionTest.harness(CFG.withAlertUpdateInterval(Duration.ZERO))) {
            h.initializeState(before);
            h.open();
            assertEquals(0, pileOnKeys(h), "no pile-on state before the upgrade");
            h.processElement1(msg("u-bea", "u-kid", "ugly loser just leave", T0.plusSeconds(60)));
            h.processElement1(msg("u-cal", "u-kid", "the whole class is laughing at u", T0.plusSeconds(120)));
            h.processElement1(msg("u-dan", "u-kid", "nobody wants u here", T0.plusSeconds(130)));
            StaffAlert last = ConversationRiskFunctionTest.alerts(h).get(ConversationRiskFunctionTest.alerts(h).size() - 1);
            assertTrue(last.reasonCodes().contains("bullying: repeated insults from u-amy to u-kid"), "read from the old state: " + last);
            assertTrue(last.reasonCodes().contains("pile-on: 3 senders at u-kid within 10 min: u-bea, u-cal, u-dan"), last.toString());
            assertTrue(last.sequence() > 1, "the alert opened before the upgrade, updated: " + last);
        }
    }
}
