package org.chatguard.pipeline.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

import org.chatguard.model.Decision;
import org.chatguard.model.StaffAction;
import org.chatguard.model.StaffAlert;
import org.chatguard.model.Tier;
import org.chatguard.rules.risk.AlertClock;
import org.chatguard.rules.risk.RiskConfig;

/**
 * Acknowledgement deadlines as event-time timers in the conversation stage (Flink's keyed harness on
 * RocksDB): the watermark passing a deadline escalates an unacknowledged alert; an acknowledgement by the
 * alert's tier or a resolution removes the timer; nothing is left behind; a restore keeps the clock.
 */
class AcknowledgementDeadlineTest {

    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    static final RiskConfig CFG = RiskConfig.defaults();

    static StreamRecord<StaffAction> act(StaffAction.Type type, String conv, String alertId, Tier role, Instant at) {
        return new StreamRecord<>(new StaffAction("sa-" + at.toEpochMilli(), type, null, conv, alertId, null, "s-1", null, at,
                null, role, null), at.toEpochMilli());
    }

    @Test
    void theWatermarkPassingTheDeadlineEscalatesOnceAndLeavesOneTimerForTheNextTier() throws Exception {
        try (var h = ConversationRiskFunctionTest.harness(CFG)) {
            h.open();
            h.processElement1(ConversationRiskFunctionTest.msg("c1", "u-ivy", "u-hana", "sometimes i want to kill myself", T0));
            List<StaffAlert> a = ConversationRiskFunctionTest.alerts(h);
            assertEquals(1, a.size());
            assertEquals(Tier.COUNSELLOR, a.get(0).tier());
            assertEquals(T0.plus(Duration.ofMinutes(30)), a.get(0).ackDueAt());
            assertEquals(1, h.numEventTimeTimers(), "one deadline timer");

            h.processBothWatermarks(new Watermark(T0.plus(Duration.ofMinutes(29)).toEpochMilli()));
            assertEquals(1, ConversationRiskFunctionTest.alerts(h).size());
            h.processBothWatermarks(new Watermark(T0.plus(Duration.ofMinutes(30)).toEpochMilli()));
            a = ConversationRiskFunctionTest.alerts(h);
            assertEquals(2, a.size());
            assertEquals(Tier.SAFEGUARDING, a.get(1).tier());
            assertEquals(a.get(0).alertId(), a.get(1).alertId());
            assertEquals(2, a.get(1).sequence());
            assertTrue(a.get(1).reasonCodes().contains(AlertClock.UNACKNOWLEDGED));
            assertEquals(0, h.numEventTimeTimers(), "the top tier has no deadline to escalate from");

            h.processElement2(act(StaffAction.Type.RESOLVE_ALERT, "c1", a.get(0).alertId(), Tier.SAFEGUARDING, T0.plusSeconds(3600)));
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(0, h.numProcessingTimeTimers());
            assertEquals(1, ConversationRiskFunctionTest.entries(h), "only the conversation's risk (the evidence) stays");
        }
    }

    @Test
    void anAcknowledgementByTheAlertsTierDeletesTheTimerAndNothingIsLeftOnceResolved() throws Exception {
        try (var h = ConversationRiskFunctionTest.harness(CFG)) {
            h.open();
            h.processElement1(ConversationRiskFunctionTest.msg("c2", "u-ivy", "u-hana", "sometimes i want to kill myself", T0));
            String id = ConversationRiskFunctionTest.alerts(h).get(0).alertId();
            h.processElement2(act(StaffAction.Type.ACKNOWLEDGE_ALERT, "c2", id, Tier.MODERATOR, T0.plusSeconds(60)));
            assertEquals(1, h.numEventTimeTimers(), "a moderator cannot acknowledge for counsellors");
            h.processElement2(act(StaffAction.Type.ACKNOWLEDGE_ALERT, "c2", id, Tier.COUNSELLOR, T0.plusSeconds(120)));
            assertEquals(0, h.numEventTimeTimers());
            h.processBothWatermarks(new Watermark(T0.plus(Duration.ofHours(8)).toEpochMilli()));
            assertEquals(1, ConversationRiskFunctionTest.alerts(h).size(), "acknowledged: stays with its tier");
            h.processElement2(act(StaffAction.Type.RESOLVE_ALERT, "c2", id, Tier.COUNSELLOR, T0.plus(Duration.ofHours(9))));
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(0, h.numProcessingTimeTimers());
        }
    }

    @Test
    void theEndOfABoundedInputEscalatesNothing() throws Exception {
        try (var h = ConversationRiskFunctionTest.harness(CFG)) {
            h.open();
            h.processElement1(ConversationRiskFunctionTest.msg("c5", "u-ivy", "u-hana", "sometimes i want to kill myself", T0));
            h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
            assertEquals(1, ConversationRiskFunctionTest.alerts(h).size(), "no deadline passed, the input ended");
        }
    }

    @Test
    void theClockSurvivesARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = ConversationRiskFunctionTest.harness(CFG)) {
            h.open();
            h.processElement1(ConversationRiskFunctionTest.msg("c3", "u-bob", "u-vic", "you are such a loser", T0));
            h.processElement1(ConversationRiskFunctionTest.msg("c3", "u-bob", "u-vic", "ur so ugly and pathetic", T0.plusSeconds(1)));
            h.processElement1(ConversationRiskFunctionTest.msg("c3", "u-bob", "u-vic", "nobody likes you, you smell", T0.plusSeconds(2)));
            StaffAlert a = ConversationRiskFunctionTest.alerts(h).get(0);
            assertEquals(Tier.MODERATOR, a.tier());
            assertEquals(T0.plusSeconds(2).plus(Duration.ofHours(4)), a.ackDueAt());
            assertEquals(2, h.numEventTimeTimers(), "the deadline, and the clean-up of u-vic's pile-on entry (PileOn)");
            snapshot = h.snapshot(1, 1);
        }
        try (var h = ConversationRiskFunctionTest.harness(CFG)) {
            h.initializeState(snapshot);
            h.open();
            assertEquals(2, h.numEventTimeTimers());
            h.processBothWatermarks(new Watermark(T0.plus(Duration.ofMinutes(250)).toEpochMilli()));
            List<StaffAlert> a = ConversationRiskFunctionTest.alerts(h);
            assertEquals(1, a.size());
            assertEquals(Tier.COUNSELLOR, a.get(0).tier(), "a moderator alert nobody picked up in 4 h goes to the counsellors");
            assertNotNull(a.get(0).ackDueAt());
        }
    }

    @Test
    void theDecisionOfAChildAskingForHelpCarriesSupport() throws Exception {
        try (var h = ConversationRiskFunctionTest.harness(CFG)) {
            h.open();
            h.processElement1(ConversationRiskFunctionTest.msg("c4", "u-ivy", "u-hana", "i want to kill myself tonight", T0));
            h.processElement1(ConversationRiskFunctionTest.msg("c4", "u-ben", "u-ivy", "this homework is killing me", T0.plusSeconds(5)));
            List<Decision> d = h.extractOutputValues();
            assertEquals("SELF_HARM", d.get(0).support().category());
            assertEquals("0800 1111", d.get(0).support().resources().get(0).phone());
            assertNull(d.get(1).support());
        }
    }
}
