package org.chatguard.rules.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;
import org.chatguard.model.Decision;
import org.chatguard.model.StaffAction;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.Verdict;

/** A user's history changes what their messages get: new accounts, staff-confirmed violations, and decay. */
class TrustTest {

    static final ModerationEngine RULES = ModerationEngine.defaultEngine();
    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    static final TrustConfig FIVE = new TrustConfig(5, Duration.ofDays(30), 0.5);
    static int ids;

    static Decision say(RiskEngine e, String conv, String sender, String text, Instant at) {
        ChatMessage m = new ChatMessage("m" + (ids++), ContentKind.PRIVATE_MESSAGE, "pm", conv, sender, List.of("u-kid"), text, at);
        return e.process(m, RULES.analyze(text), at).decision();
    }

    static StaffAction resolve(String id, String conv, String userId, Instant at) {
        return new StaffAction(id, StaffAction.Type.RESOLVE_ALERT, userId, conv, null, Category.INSULT, "s-1", null, at);
    }

    @Test
    void aNewAccountsPhoneNumberAndOffPlatformInvitesAreHeldUntilItHasAHistory() {
        RiskEngine e = new RiskEngine(RiskConfig.defaults()).withTrust(FIVE);
        Decision first = say(e, "c1", "u-new", "my number is 07700 900123", T0);
        assertEquals(Action.HOLD, first.action());
        assertEquals("my number is ************", first.displayText(), "masked as it would show on release");
        assertTrue(first.reasons().contains(Trust.NEW_ACCOUNT), first.reasons().toString());
        assertEquals(Action.HOLD, say(e, "c1", "u-new", "add me on snapchat", T0.plusSeconds(10)).action());
        assertEquals(Action.ALLOW, say(e, "c1", "u-new", "what are you doing at the weekend", T0.plusSeconds(20)).action(),
                "only personal information and off-platform contact");
        say(e, "c1", "u-new", "lol", T0.plusSeconds(30));
        say(e, "c1", "u-new", "ok", T0.plusSeconds(40));
        // five messages seen: no longer new
        Decision later = say(e, "c2", "u-new", "my number is 07700 900123", T0.plusSeconds(50));
        assertEquals(Action.MASK, later.action());
        assertFalse(later.reasons().contains(Trust.NEW_ACCOUNT));
        // off: nothing held
        RiskEngine off = new RiskEngine(RiskConfig.defaults()).withTrust(FIVE.withNewAccountMessages(0));
        assertEquals(Action.MASK, say(off, "c3", "u-other", "my number is 07700 900123", T0).action());
    }

    @Test
    void aStaffConfirmedViolationBlocksWhatWasMaskedAndDecays() {
        RiskEngine e = new RiskEngine(RiskConfig.defaults()).withTrust(FIVE.withNewAccountMessages(0));
        assertEquals(Action.MASK, say(e, "c1", "u-bully", "you are so stupid", T0).action());
        e.apply(resolve("a1", "c1", "u-bully", T0.plusSeconds(60)), T0.plusSeconds(60));
        Decision d = say(e, "c9", "u-bully", "you are so stupid", T0.plusSeconds(120));
        assertEquals(Action.BLOCK, d.action(), "in any conversation, the next insult is blocked");
        assertEquals(Verdict.BLOCKED, d.displayText());
        assertTrue(d.reasons().contains(Trust.LOW_TRUST), d.reasons().toString());
        assertEquals(Action.MASK, say(e, "c9", "u-someone-else", "you are so stupid", T0.plusSeconds(130)).action(),
                "only the confirmed user");
        // a resolved alert without the author's id says nothing about a user
        e.apply(resolve("a2", "c1", null, T0.plusSeconds(140)), T0.plusSeconds(140));
        assertEquals(Action.MASK, say(e, "c8", "u-third", "you are so stupid", T0.plusSeconds(150)).action());
        // 30 days after the confirmation, trust is back
        Instant later = T0.plus(Duration.ofDays(31));
        assertEquals(Action.MASK, say(e, "c10", "u-bully", "you are so stupid", later).action());
        // a child reaching out is never blocked for their history
        e.apply(resolve("a3", "c1", "u-bully", later), later);
        Decision help = say(e, "c11", "u-bully", "i want to kill myself", later.plusSeconds(10));
        assertTrue(help.action() != Action.BLOCK, help.toString());
    }

    @Test
    void lowTrustLowersTheConversationThresholdsSoContextActsSooner() {
        // how many mild sexual remarks in one conversation before the conversation blocks them
        int trusted = untilBlocked(new RiskEngine(RiskConfig.defaults()).withTrust(FIVE.withNewAccountMessages(0)), false);
        int lowTrust = untilBlocked(new RiskEngine(RiskConfig.defaults()).withTrust(FIVE.withNewAccountMessages(0)), true);
        assertTrue(lowTrust < trusted, "low trust " + lowTrust + " vs trusted " + trusted);
    }

    static int untilBlocked(RiskEngine e, boolean confirmed) {
        if (confirmed) {
            e.apply(new StaffAction("b1", StaffAction.Type.DENY_HELD, "u-s", "c-old", null, null, "s-1", null, T0, "m-old"), T0);
        }
        for (int i = 1; i <= 30; i++) {
            Decision d = say(e, "c-sex", "u-s", "ur so sexy", T0.plusSeconds(60L * i));
            if (d.reasons().stream().anyMatch(r -> r.startsWith("conversation-risk"))) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    @Test
    void aVersionOneUserRecordReadsAsAnEstablishedUserWithNoViolations() throws Exception {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream o = new java.io.DataOutputStream(b);
        o.writeByte(1);
        o.writeBoolean(true);
        o.writeLong(5);
        o.writeBoolean(true);
        o.writeUTF("act-1");
        o.writeFloat(2.5f);
        o.writeLong(7);
        o.writeInt(2);
        UserRisk u = UserRisk.decode(b.toByteArray());
        assertTrue(u.blocked());
        assertFalse(u.newAccount(TrustConfig.defaults()), "a user with earlier state is not new");
        assertFalse(u.lowTrust(T0.toEpochMilli(), TrustConfig.defaults()));
        byte[] v2 = u.encode();
        assertEquals(2, v2[0]);
        assertEquals(u.messagesSeen, UserRisk.decode(v2).messagesSeen);
    }
}
