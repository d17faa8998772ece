package org.chatguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.chatguard.model.Action;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;
import org.chatguard.model.StaffAlert;
import org.chatguard.model.Tier;
import org.chatguard.rules.decide.Decider;
import org.chatguard.rules.risk.RiskConfig;
import org.chatguard.rules.risk.RiskEngine;

/**
 * One policy for a message the engine fails on, whoever calls it: HOLD (shown to nobody until staff look),
 * a MODERATOR alert with reason {@code engine-error} and no text, the fault reported once to the caller.
 */
class FailClosedTest {

    static final Instant T0 = Instant.parse("2026-11-27T09:00:00Z");

    /** A matcher that throws on texts with "boom" in them. */
    static ModerationEngine faulty() {
        return ModerationEngine.withProbe(RulePackLoader.defaultPack(), text -> {
            if (text.contains("boom")) {
                throw new IllegalStateException("matcher fault on " + text);
            }
        });
    }

    static ChatMessage msg(String id, String text) {
        return new ChatMessage(id, ContentKind.PRIVATE_MESSAGE, "inbox", "pm-1", "u-a", List.of("u-b"), text, T0);
    }

    @Test
    void theEngineFailsClosedAndTellsTheCallerOnce() {
        ModerationEngine e = faulty();
        List<Throwable> faults = new ArrayList<>();
        Verdict v = e.analyze("boom my secret words", faults::add);
        assertEquals(1, faults.size());
        assertEquals(IllegalStateException.class, faults.get(0).getClass());
        assertEquals(Action.HOLD, v.action());
        assertTrue(v.isEngineError());
        assertEquals(Tier.MODERATOR, v.alertTier());
        assertNull(v.alertCategory());
        assertEquals(List.of(Verdict.ENGINE_ERROR), v.reasonCodes());
        assertFalse(v.displayText().contains("secret") || v.maskedText().contains("secret"), "no text kept");

        Verdict next = e.analyze("you are such an idiot", faults::add);
        assertEquals(1, faults.size(), "the engine recovers for the next message");
        assertFalse(next.isEngineError());
        assertEquals(Action.MASK, next.action());
        assertFalse(ModerationEngine.defaultEngine().analyze("boom").isEngineError());
    }

    @Test
    void theStatelessDeciderHoldsAndAlertsAModeratorWithoutText() {
        ChatMessage m = msg("m1", "boom my secret words");
        Decider.Outcome o = Decider.decide(m, faulty().analyze(m.text()), T0);
        assertEquals(Action.HOLD, o.decision().action());
        assertEquals(List.of(Verdict.ENGINE_ERROR), o.decision().reasons());
        StaffAlert a = o.alert();
        assertEquals(Tier.MODERATOR, a.tier());
        assertNull(a.category());
        assertEquals(List.of(Verdict.ENGINE_ERROR), a.reasonCodes());
        assertEquals("m1", a.evidence().get(0).messageId());
        assertFalse(a.toString().contains("secret"), a.toString());
    }

    @Test
    void theStatefulScorerHoldsAndAlertsAModeratorEvenInAMutedConversation() {
        RiskEngine r = new RiskEngine(RiskConfig.defaults());
        r.apply(new org.chatguard.model.StaffAction("s1", org.chatguard.model.StaffAction.Type.MUTE_CONVERSATION, null, "pm-1",
                null, null, "s-mod", null, T0), T0);
        ChatMessage m = msg("m2", "boom my secret words");
        RiskEngine.Outcome o = r.process(m, faulty().analyze(m.text()), T0);
        assertEquals(Action.HOLD, o.decision().action(), "held, not blocked: staff can release a message never judged");
        assertEquals(List.of(Verdict.ENGINE_ERROR), o.decision().reasons());
        assertEquals(1, o.alerts().size(), o.alerts().toString());
        StaffAlert a = o.alerts().get(0);
        assertEquals(Tier.MODERATOR, a.tier());
        assertEquals(List.of(Verdict.ENGINE_ERROR), a.reasonCodes());
        assertEquals("m2", a.evidence().get(0).messageId());
        assertFalse(a.toString().contains("secret"), a.toString());
        assertEquals(0, r.sizes()[1], "an unjudged message leaves no conversation risk");
    }
}
