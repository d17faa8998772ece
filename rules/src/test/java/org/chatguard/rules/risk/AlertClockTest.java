package org.chatguard.rules.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;
import org.chatguard.model.StaffAction;
import org.chatguard.model.StaffAlert;
import org.chatguard.model.Tier;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.decide.Staffing;

/** Acknowledgement deadlines in event time, through the default pack and {@link RiskEngine}. */
class AlertClockTest {

    static final ModerationEngine RULES = ModerationEngine.defaultEngine();
    /** 10:00 in London (GMT in November): staffed. */
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    final List<StaffAlert> alerts = new ArrayList<>();
    int n;

    void say(RiskEngine e, String text, Instant at) {
        n++;
        ChatMessage m = new ChatMessage("m" + n, ContentKind.CHAT, "private", "c1", "u-ivy", List.of("u-hana"), text, at);
        alerts.addAll(e.process(m, RULES.analyze(text), at).alerts());
    }

    void act(RiskEngine e, StaffAction.Type type, String alertId, Tier role, Instant at) {
        alerts.addAll(e.apply(new StaffAction("sa" + at.toEpochMilli(), type, null, "c1", alertId, null, "s-1", null, at,
                null, role, null), at));
    }

    @Test
    void anUnacknowledgedCounsellorAlertGoesToSafeguardingAtItsDeadline() {
        RiskEngine e = new RiskEngine(RiskConfig.defaults());
        say(e, "sometimes i want to kill myself", T0);
        assertEquals(1, alerts.size());
        StaffAlert first = alerts.get(0);
        assertEquals(Tier.COUNSELLOR, first.tier());
        assertEquals(T0.plus(Duration.ofMinutes(30)), first.ackDueAt());
        assertFalse(first.outsideStaffedHours());

        say(e, "ok", T0.plus(Duration.ofMinutes(29)));
        assertEquals(1, alerts.size(), "not yet due");
        say(e, "ok", T0.plus(Duration.ofMinutes(31)));
        assertEquals(2, alerts.size());
        StaffAlert up = alerts.get(1);
        assertEquals(first.alertId(), up.alertId());
        assertEquals(first.sequence() + 1, up.sequence());
        assertEquals(Tier.SAFEGUARDING, up.tier());
        assertTrue(up.reasonCodes().contains(AlertClock.UNACKNOWLEDGED), up.reasonCodes().toString());
        assertEquals(T0.plus(Duration.ofMinutes(30)), up.updatedAt(), "escalated at the deadline, in event time");
        assertEquals(T0.plus(Duration.ofMinutes(45)), up.ackDueAt(), "the safeguarding clock starts at the missed deadline");

        say(e, "ok", T0.plus(Duration.ofHours(3)));
        assertEquals(2, alerts.size(), "the top tier has nowhere higher to go");
    }

    @Test
    void anAcknowledgedAlertStaysWithItsTierButOnlyTheTiersOwnAcknowledgementCounts() {
        RiskEngine e = new RiskEngine(RiskConfig.defaults());
        say(e, "sometimes i want to kill myself", T0);
        String id = alerts.get(0).alertId();
        act(e, StaffAction.Type.ACKNOWLEDGE_ALERT, id, Tier.MODERATOR, T0.plus(Duration.ofMinutes(5)));
        say(e, "ok", T0.plus(Duration.ofMinutes(31)));
        assertEquals(2, alerts.size(), "a moderator's acknowledgement does not answer for counsellors");
        assertEquals(Tier.SAFEGUARDING, alerts.get(1).tier());

        alerts.clear();
        RiskEngine e2 = new RiskEngine(RiskConfig.defaults());
        say(e2, "sometimes i want to kill myself", T0);
        act(e2, StaffAction.Type.ACKNOWLEDGE_ALERT, alerts.get(0).alertId(), Tier.COUNSELLOR, T0.plus(Duration.ofMinutes(5)));
        say(e2, "ok", T0.plus(Duration.ofHours(5)));
        assertEquals(1, alerts.size(), "acknowledged in time: no escalation " + alerts);
        assertEquals(1, e2.sizes()[2], "the alert stays open");
    }

    @Test
    void aResolvedAlertHasNoClockLeft() {
        RiskEngine e = new RiskEngine(RiskConfig.defaults());
        say(e, "you are such an idiot", T0);
        say(e, "you stupid loser", T0.plusSeconds(10));
        say(e, "nobody likes you idiot", T0.plusSeconds(20));
        assertEquals(Tier.MODERATOR, alerts.get(alerts.size() - 1).tier());
        assertEquals(T0.plusSeconds(20).plus(Duration.ofHours(4)), alerts.get(alerts.size() - 1).ackDueAt());
        int before = alerts.size();
        act(e, StaffAction.Type.RESOLVE_ALERT, alerts.get(0).alertId(), Tier.MODERATOR, T0.plusSeconds(60));
        say(e, "ok", T0.plus(Duration.ofHours(6)));
        assertEquals(before, alerts.size());
        assertEquals(0, e.sizes()[2], "nothing open, nothing kept");
    }

    @Test
    void outsideStaffedHoursTheAlertIsMarkedAndItsClockStartsWhenStaffArrive() {
        RiskEngine e = new RiskEngine(RiskConfig.defaults());
        Instant night = Instant.parse("2026-11-20T22:15:00Z");
        say(e, "sometimes i want to kill myself", night);
        StaffAlert a = alerts.get(0);
        assertTrue(a.outsideStaffedHours());
        assertEquals(Instant.parse("2026-11-21T08:30:00Z"), a.ackDueAt(), "30 minutes of staffed time");
        say(e, "ok", Instant.parse("2026-11-21T07:00:00Z"));
        assertEquals(1, alerts.size(), "nobody is there to answer at night: no escalation through the tiers");
    }

    @Test
    void deadlinesAreConfigurablePerTier() {
        Staffing s = Staffing.defaults().withAck(Tier.COUNSELLOR, Duration.ofMinutes(5));
        RiskEngine e = new RiskEngine(RiskConfig.defaults(), s);
        say(e, "sometimes i want to kill myself", T0);
        assertEquals(T0.plus(Duration.ofMinutes(5)), alerts.get(0).ackDueAt());
        say(e, "ok", T0.plus(Duration.ofMinutes(6)));
        assertEquals(Tier.SAFEGUARDING, alerts.get(1).tier());
        assertNotNull(alerts.get(1).ackDueAt());
        assertNull(new StaffAlert("a", 1, Tier.MODERATOR, null, "c", List.of(), List.of(), List.of(), "v", T0, T0).ackDueAt());
    }
}
