package org.chatguard.rules.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.chatguard.model.Category;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;
import org.chatguard.model.StaffAlert;
import org.chatguard.model.Tier;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.ml.ModelDetector;

/** Issue 14 item 2: alerts of the stateful path carry the model version of the verdicts that raised them, as the stateless path's do. */
class AlertModelVersionTest {

    static final ModerationEngine ENGINE = ModerationEngine.defaultEngine();
    static final String MODEL = ModelDetector.defaultModel().version();
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    final List<StaffAlert> alerts = new ArrayList<>();
    int n;

    void say(RiskEngine e, String text, Instant at) {
        n++;
        ChatMessage m = new ChatMessage("m" + n, ContentKind.CHAT, "private", "c1", "u-ivy", List.of("u-hana"), text, at);
        alerts.addAll(e.process(m, ENGINE.analyze(text), at).alerts());
    }

    @Test
    void raisedFlushedAndEscalatedAlertsCarryTheModelVersion() {
        RiskEngine e = new RiskEngine(RiskConfig.defaults().withAlertUpdateInterval(Duration.ofMinutes(10)));
        say(e, "sometimes i want to kill myself", T0);
        assertEquals(1, alerts.size());
        assertEquals(MODEL, alerts.get(0).modelVersion(), "raised");

        say(e, "i cant cope anymore", T0.plusSeconds(30));
        assertEquals(1, alerts.size(), "held back by the rate limit");
        List<StaffAlert> flushed = e.flushAll(T0.plusSeconds(60));
        assertEquals(1, flushed.size());
        assertEquals(MODEL, flushed.get(0).modelVersion(), "rebuilt from state on flush");

        say(e, "ok", T0.plus(Duration.ofMinutes(31)));
        StaffAlert up = alerts.get(alerts.size() - 1);
        assertEquals(Tier.SAFEGUARDING, up.tier());
        assertTrue(up.reasonCodes().contains(AlertClock.UNACKNOWLEDGED), up.reasonCodes().toString());
        assertEquals(MODEL, up.modelVersion(), "escalated for lack of an answer");
    }

    @Test
    void theModelVersionSurvivesAStateWriteAndVersionThreeStateStillReads() {
        ConversationAlerts a = new ConversationAlerts();
        ConversationAlerts.OpenAlert o = new ConversationAlerts.OpenAlert(Category.SELF_HARM, "al-1");
        o.tier = Tier.COUNSELLOR;
        o.rulePackVersion = "p-1";
        o.modelVersion = "m-7";
        o.subjects.add("u-ivy");
        a.open.add(o);
        byte[] v4 = a.encode();
        assertEquals(4, v4[0], "written as version 4");
        assertEquals("m-7", ConversationAlerts.decode(v4).open.get(0).modelVersion);

        // version 3 wrote each alert as version 4 does, without the model version at its end
        o.modelVersion = null;
        byte[] v3 = Arrays.copyOf(a.encode(), a.encode().length - 1);
        v3[0] = 3;
        ConversationAlerts old = ConversationAlerts.decode(v3);
        assertEquals(1, old.open.size());
        assertEquals("p-1", old.open.get(0).rulePackVersion);
        assertEquals(List.of("u-ivy"), old.open.get(0).subjects);
        assertNull(old.open.get(0).modelVersion, "version 3 recorded none");
        assertFalse(old.open.get(0).acknowledged);
    }
}
