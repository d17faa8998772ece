package org.chatguard.rules.risk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;
import org.chatguard.model.Decision;
import org.chatguard.model.StaffAction;
import org.chatguard.model.StaffAlert;
import org.chatguard.model.Tier;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.RulePackLoader;
import org.chatguard.rules.Verdict;

/** Whole conversations through the default rule pack and the stateful scorers, in memory. */
class RiskEngineTest {

    static final ModerationEngine RULES = ModerationEngine.of(RulePackLoader.defaultPack());
    static final Instant T0 = Instant.parse("2026-11-27T09:00:00Z");
    static final RiskConfig EVERY_UPDATE = RiskConfig.defaults().withAlertUpdateInterval(Duration.ZERO);

    final List<Decision> decisions = new ArrayList<>();
    final List<StaffAlert> alerts = new ArrayList<>();
    int n;

    Decision say(RiskEngine e, String conv, String from, String to, String text) {
        return say(e, ContentKind.CHAT, conv, from, to, text, T0.plusSeconds(30L * n));
    }

    Decision say(RiskEngine e, ContentKind kind, String conv, String from, String to, String text, Instant at) {
        n++;
        ChatMessage m = new ChatMessage(conv + "-" + n, kind, "private", conv, from, to == null ? List.of() : List.of(to), text, at);
        RiskEngine.Outcome o = e.process(m, RULES.analyze(text), at);
        decisions.add(o.decision());
        alerts.addAll(o.alerts());
        return o.decision();
    }

    @Test
    void groomingReachesSafeguardingWhenSecrecyFollowsIsolationAndBlocksLaterMildMessages() {
        RiskEngine e = new RiskEngine(EVERY_UPDATE);
        say(e, "pm-g", "u-gary", "u-kim", "hey, you are so mature for your age");
        say(e, "pm-g", "u-kim", "u-gary", "thanks lol");
        say(e, "pm-g", "u-gary", "u-kim", "how old are you? what school do you go to?");
        say(e, "pm-g", "u-kim", "u-gary", "12");
        assertTrue(alerts.isEmpty(), "flattery and questions alone do not alert: " + alerts);
        say(e, "pm-g", "u-gary", "u-kim", "you can tell me anything, im always here for you");
        assertEquals(1, alerts.size());
        assertEquals(Tier.MODERATOR, alerts.get(0).tier());
        assertEquals(Category.GROOMING, alerts.get(0).category());

        Decision isolation = say(e, "pm-g", "u-gary", "u-kim", "your parents dont understand you like i do");
        assertEquals(Action.BLOCK, isolation.action(), "mild alone, blocked in context");
        assertEquals(Verdict.INAPPROPRIATE, isolation.displayText());
        assertEquals(List.of("conversation-risk: grooming"), isolation.reasons());

        say(e, "pm-g", "u-gary", "u-kim", "this is our secret, dont tell your parents");
        StaffAlert last = alerts.get(alerts.size() - 1);
        assertEquals(Tier.SAFEGUARDING, last.tier(), "secrecy on top of isolation: safeguarding");
        assertEquals(alerts.get(0).alertId(), last.alertId(), "same alert, escalated");
        assertTrue(last.reasonCodes().stream().anyMatch(r -> r.contains("secrecy")), last.reasonCodes().toString());
        assertEquals(1, last.reasonCodes().stream().filter(r -> r.startsWith("grooming: stages from u-gary")).count(),
                "the growing stage list replaces its earlier versions: " + last.reasonCodes());
        assertEquals(List.of("u-gary", "u-kim"), last.subjectUserIds());
        assertTrue(last.evidence().size() <= EVERY_UPDATE.maxEvidence());
        assertFalse(last.evidence().isEmpty());

        Decision kid = say(e, "pm-g", "u-kim", "u-gary", "ok");
        assertEquals(Action.ALLOW, kid.action(), "clean messages are never blocked for context");
        long distinctIds = alerts.stream().filter(a -> a.category() == Category.GROOMING).map(StaffAlert::alertId).distinct().count();
        assertEquals(1, distinctIds);
        assertSequencesStrictlyIncrease();
    }

    @Test
    void friendsUsingTheSameWordsBothWaysRaiseNothing() {
        RiskEngine e = new RiskEngine(EVERY_UPDATE);
        say(e, "pm-f", "u-amy", "u-bea", "hi! how old are you?");
        say(e, "pm-f", "u-bea", "u-amy", "11, how old are you?");
        say(e, "pm-f", "u-amy", "u-bea", "11 too! dont tell anyone but i got a puppy for my birthday");
        say(e, "pm-f", "u-bea", "u-amy", "omg our secret lol");
        say(e, "pm-f", "u-bea", "u-amy", "can i see a pic of him?");
        say(e, "pm-f", "u-amy", "u-bea", "we should meet up at the park on saturday with my mum");
        assertTrue(alerts.isEmpty(), alerts.toString());
        assertTrue(decisions.stream().allMatch(d -> d.action() == Action.ALLOW), decisions.toString());
        // flattery on top of a one-sided meeting suggestion is worth a moderator's look, never more
        say(e, "pm-f", "u-amy", "u-bea", "you're so cute haha");
        assertTrue(alerts.stream().allMatch(a -> a.tier() == Tier.MODERATOR), alerts.toString());
    }

    @Test
    void repeatedInsultsAtOneChildBecomeOneBullyingAlertThatEscalatesWhenTheChildIsDistressed() {
        RiskEngine e = new RiskEngine(EVERY_UPDATE);
        say(e, "pm-b", "u-bob", "u-vic", "you are such a loser");
        say(e, "pm-b", "u-bob", "u-vic", "ur so ugly and pathetic");
        assertTrue(alerts.isEmpty());
        Decision third = say(e, "pm-b", "u-bob", "u-vic", "nobody likes you, you smell");
        assertEquals(Action.BLOCK, third.action());
        assertTrue(third.reasons().contains(ConversationScorer.BULLYING_BLOCK), third.reasons().toString());
        assertEquals(1, alerts.size());
        StaffAlert first = alerts.get(0);
        assertEquals(Category.INSULT, first.category());
        assertEquals(Tier.MODERATOR, first.tier());
        assertTrue(first.reasonCodes().contains("bullying: repeated insults from u-bob to u-vic"), first.reasonCodes().toString());

        say(e, "pm-b", "u-vic", "u-bob", "i feel so alone");
        Decision mild = say(e, "pm-b", "u-bob", "u-vic", "ur so ugly");
        assertEquals(Action.BLOCK, mild.action(), "a mild insult in a bullying thread is blocked");
        assertEquals(Verdict.BLOCKED, mild.displayText());

        List<StaffAlert> insult = alerts.stream().filter(a -> a.category() == Category.INSULT).toList();
        assertEquals(1, insult.stream().map(StaffAlert::alertId).distinct().count(), "updated, not duplicated");
        assertEquals(Tier.COUNSELLOR, insult.get(insult.size() - 1).tier(), "the bullied child is distressed");
        assertEquals(1, alerts.stream().filter(a -> a.category() == Category.SELF_HARM).count());
        assertSequencesStrictlyIncrease();
    }

    @Test
    void askingWhetherTheChildIsAloneOnTopOfPetNamesAlertsButFriendsMissingEachOtherDoNot() {
        RiskEngine e = new RiskEngine(EVERY_UPDATE);
        say(e, "pm-a", "u-amy", "u-bea", "miss you! love u");
        say(e, "pm-a", "u-bea", "u-amy", "miss you too, love you");
        say(e, "pm-a", "u-amy", "u-bea", "my mom is home today so i cant play");
        assertTrue(alerts.isEmpty(), "both ways, no access question: " + alerts);

        say(e, "pm-x", "u-max", "u-kim", "hey sweetie, missed you today");
        say(e, "pm-x", "u-kim", "u-max", "hi");
        assertTrue(alerts.isEmpty(), "a pet name alone is not an alert");
        say(e, "pm-x", "u-max", "u-kim", "when does your mom get home from work?");
        StaffAlert a = alerts.get(alerts.size() - 1);
        assertEquals(Category.GROOMING, a.category());
        assertEquals(Tier.MODERATOR, a.tier());
        assertTrue(a.reasonCodes().stream().anyMatch(r -> r.startsWith("grooming: stages from u-max") && r.contains("access")),
                a.reasonCodes().toString());
        assertTrue(a.subjectUserIds().contains("u-max"));
    }

    @Test
    void swearingAimedAtOneChildCountsTowardsBullying() {
        RiskEngine e = new RiskEngine(EVERY_UPDATE);
        say(e, "pm-w", "u-bob", "u-vic", "fuck off");
        say(e, "pm-w", "u-bob", "u-vic", "stfu and get a life");
        assertTrue(alerts.isEmpty());
        say(e, "pm-w", "u-bob", "u-vic", "go to hell");
        assertEquals(1, alerts.size(), alerts.toString());
        assertEquals(Category.INSULT, alerts.get(0).category());
        // the same words said about a test, to nobody, are swearing, not bullying
        RiskEngine quiet = new RiskEngine(EVERY_UPDATE);
        alerts.clear();
        for (int i = 0; i < 4; i++) {
            say(quiet, "pm-q", "u-bob", "u-vic", "this homework is so fucking hard");
        }
        assertTrue(alerts.isEmpty(), alerts.toString());
    }

    @Test
    void insultsSpreadOverMoreThanTheWindowAreNotBullying() {
        RiskEngine e = new RiskEngine(EVERY_UPDATE);
        for (int i = 0; i < 3; i++) {
            say(e, ContentKind.CHAT, "pm-s", "u-bob", "u-vic", "you are such a loser", T0.plus(Duration.ofHours(2L * i)));
        }
        assertTrue(alerts.isEmpty(), alerts.toString());
    }

    @Test
    void blockedUserIsBlockedOnEveryKindAndConversationUntilUnblocked() {
        RiskEngine e = new RiskEngine(EVERY_UPDATE);
        e.apply(action("a1", StaffAction.Type.BLOCK_USER, "u-x", null, null), T0);
        for (ContentKind k : ContentKind.values()) {
            Decision d = say(e, k, "conv-" + k, "u-x", null, "hello there", T0.plusSeconds(5));
            assertEquals(Action.BLOCK, d.action(), k.name());
            assertEquals(Verdict.BLOCKED, d.displayText());
            assertEquals(List.of(ConversationScorer.USER_BLOCKED), d.reasons());
        }
        assertEquals(Action.ALLOW, say(e, "conv-CHAT", "u-y", null, "hello there").action(), "only that user");
        e.apply(action("a2", StaffAction.Type.UNBLOCK_USER, "u-x", null, null), T0.plusSeconds(10));
        assertEquals(Action.ALLOW, say(e, "conv-CHAT", "u-x", null, "hello there").action());
        // the block was a staff-confirmed violation: the user's lowered trust is kept (TrustConfig.confirmedTtl);
        // with new-account trust on every sender's message count is kept too (u-x and u-y)
        assertEquals(2, e.sizes()[0], "trust history of both senders");
        RiskEngine noCount = new RiskEngine(RiskConfig.defaults()).withTrust(TrustConfig.defaults().withNewAccountMessages(0));
        say(noCount, "conv-CHAT", "u-y", null, "hello there");
        assertEquals(0, noCount.sizes()[0], "without counting, a user with no history leaves no user state");
    }

    @Test
    void resolveClosesTheAlertSoNewEvidenceOpensANewOneAndAMuteNeverSilencesSelfHarm() {
        RiskEngine e = new RiskEngine(EVERY_UPDATE);
        say(e, "bubble-1", "u-ivy", "u-hana", "i feel so alone");
        assertEquals(1, alerts.size());
        String first = alerts.get(0).alertId();
        e.apply(action("a1", StaffAction.Type.RESOLVE_ALERT, null, "bubble-1", first), T0.plusSeconds(100));
        say(e, "bubble-1", "u-ivy", "u-hana", "i hate my life");
        assertEquals(2, alerts.size());
        assertNotEquals(first, alerts.get(1).alertId());
        assertEquals(1, alerts.get(1).sequence());

        e.apply(action("a2", StaffAction.Type.MUTE_CONVERSATION, null, "bubble-1", null), T0.plusSeconds(200));
        say(e, "bubble-1", "u-ivy", "u-hana", "i cant cope anymore");
        assertEquals(3, alerts.size(), "a mute never quiets a child's distress");
        StaffAlert upd = alerts.get(2);
        assertEquals(alerts.get(1).alertId(), upd.alertId());
        assertEquals(2, upd.sequence());
        assertEquals(Tier.COUNSELLOR, upd.tier());
        assertTrue(upd.reasonCodes().stream().anyMatch(r -> r.startsWith("distress building")), upd.reasonCodes().toString());
    }

    void bully(RiskEngine e, String conv, Instant at) {
        int i = 0;
        for (String t : List.of("you are such a loser", "ur so ugly and pathetic", "nobody likes you, you smell")) {
            say(e, ContentKind.CHAT, conv, "u-bob", "u-vic", t, at.plusSeconds(10L * i++));
        }
    }

    long alertsIn(Category c) {
        return alerts.stream().filter(a -> a.category() == c).count();
    }

    @Test
    void aMuteQuietsModeratorBullyingOnlyAndEndsAfterItsDuration() {
        RiskEngine e = new RiskEngine(EVERY_UPDATE);
        bully(e, "pm-m", T0);
        long before = alertsIn(Category.INSULT);
        assertTrue(before > 0);
        Instant muteAt = T0.plusSeconds(60);
        e.apply(action("m1", StaffAction.Type.MUTE_CONVERSATION, null, "pm-m", null), muteAt);
        bully(e, "pm-m", muteAt.plusSeconds(60));
        assertEquals(before, alertsIn(Category.INSULT), "muted: no bullying updates");

        Instant after = muteAt.plus(EVERY_UPDATE.muteDuration()).plusSeconds(1);
        bully(e, "pm-m", after);
        assertTrue(alertsIn(Category.INSULT) > before, "the mute ended after the default duration: " + alerts);
    }

    @Test
    void aMuteWithAnEndAndACategoryActsOnlyOnThatCategoryUntilThen() {
        RiskEngine e = new RiskEngine(EVERY_UPDATE);
        Instant until = T0.plusSeconds(600);
        e.apply(new StaffAction("m1", StaffAction.Type.MUTE_CONVERSATION, null, "pm-c", null, Category.PERSONAL_INFO,
                "s-1", null, T0, null, Tier.MODERATOR, until), T0);
        bully(e, "pm-c", T0.plusSeconds(10));
        assertTrue(alertsIn(Category.INSULT) > 0, "a personal-information mute leaves bullying alone");
        long before = alertsIn(Category.INSULT);
        bully(e, "pm-c", until.plusSeconds(1));
        assertTrue(alertsIn(Category.INSULT) >= before);
    }

    static StaffAction dismiss(String id, String conv, String alertId, Tier role) {
        return new StaffAction(id, StaffAction.Type.DISMISS_ALERT, null, conv, alertId, null, "s-1", null, T0, null, role, null);
    }

    void groom(RiskEngine e, String conv, String from) {
        say(e, conv, from, "u-kim", "hey, you are so mature for your age");
        say(e, conv, from, "u-kim", "how old are you? what school do you go to?");
        say(e, conv, from, "u-kim", "you can tell me anything, im always here for you");
        say(e, conv, from, "u-kim", "your parents dont understand you like i do");
        say(e, conv, from, "u-kim", "this is our secret, dont tell your parents");
    }

    @Test
    void aModeratorCannotDismissASafeguardingAlertButTheSafeguardingTeamCan() {
        RiskEngine e = new RiskEngine(EVERY_UPDATE);
        groom(e, "pm-s", "u-gary");
        StaffAlert g = alerts.get(alerts.size() - 1);
        assertEquals(Tier.SAFEGUARDING, g.tier());
        e.apply(dismiss("d1", "pm-s", g.alertId(), null), T0.plusSeconds(400));
        e.apply(dismiss("d2", "pm-s", g.alertId(), Tier.COUNSELLOR), T0.plusSeconds(410));
        Decision d = say(e, "pm-s", "u-gary", "u-kim", "dont tell anyone about us ok");
        assertTrue(d.reasons().contains("conversation-risk: grooming"), "the stages are still known: " + d);
        StaffAlert last = alerts.get(alerts.size() - 1);
        assertEquals(g.alertId(), last.alertId(), "the same alert is still open and updated");
        assertEquals(Tier.SAFEGUARDING, last.tier());

        e.apply(dismiss("d3", "pm-s", g.alertId(), Tier.SAFEGUARDING), T0.plusSeconds(600));
        Decision after = say(e, "pm-s", "u-gary", "u-kim", "your parents dont understand you like i do");
        assertFalse(after.reasons().contains("conversation-risk: grooming"), "dismissed by the right role: " + after);
    }

    @Test
    void dismissingOneSendersGroomingAlertKeepsAnotherSendersStages() {
        RiskEngine e = new RiskEngine(EVERY_UPDATE);
        say(e, "grp-1", "u-carl", "u-kim", "your parents dont understand you like i do");
        groom(e, "grp-1", "u-gary");
        StaffAlert g = alerts.get(alerts.size() - 1);
        assertTrue(g.reasonCodes().stream().noneMatch(r -> r.startsWith("grooming: stages from u-carl")), g.toString());
        int seen = alerts.size();
        e.apply(dismiss("d1", "grp-1", g.alertId(), Tier.SAFEGUARDING), T0.plusSeconds(600));
        say(e, "grp-1", "u-carl", "u-kim", "this is our secret, dont tell your parents");
        List<StaffAlert> later = alerts.subList(seen, alerts.size());
        assertTrue(later.stream().anyMatch(a -> a.category() == Category.GROOMING
                        && a.reasonCodes().stream().anyMatch(r -> r.startsWith("grooming: stages from u-carl"))),
                "u-carl's isolation stage from before the dismiss still counts: " + later);
    }

    @Test
    void dismissForgetsTheRiskSoAFalseAlarmStopsBlocking() {
        RiskEngine e = new RiskEngine(EVERY_UPDATE);
        for (String t : List.of("you are such a loser", "ur so ugly and pathetic", "nobody likes you, you smell")) {
            say(e, "pm-d", "u-bob", "u-vic", t);
        }
        StaffAlert a = alerts.get(0);
        e.apply(action("a1", StaffAction.Type.DISMISS_ALERT, null, "pm-d", a.alertId()), T0.plusSeconds(500));
        Decision d = say(e, "pm-d", "u-bob", "u-vic", "ur so ugly");
        assertEquals(Action.MASK, d.action(), "back to the per-message verdict: " + d);
    }

    @Test
    void escalateByStaffRaisesTheTierWithTheSameId() {
        RiskEngine e = new RiskEngine(EVERY_UPDATE);
        say(e, "bubble-2", "u-ivy", "u-hana", "i feel so alone");
        StaffAlert a = alerts.get(0);
        List<StaffAlert> out = e.apply(action("a1", StaffAction.Type.ESCALATE_ALERT, null, "bubble-2", a.alertId()), T0.plusSeconds(60));
        assertEquals(1, out.size());
        assertEquals(Tier.SAFEGUARDING, out.get(0).tier());
        assertEquals(2, out.get(0).sequence());
        assertEquals(a.alertId(), out.get(0).alertId());
    }

    @Test
    void updatesWithinTheIntervalAreCoalescedButEscalationsGoOutAtOnce() {
        RiskEngine e = new RiskEngine(RiskConfig.defaults().withAlertUpdateInterval(Duration.ofMinutes(10)));
        say(e, "bubble-3", "u-ivy", "u-hana", "i feel so alone");
        say(e, "bubble-3", "u-ivy", "u-hana", "i cant cope anymore");
        say(e, "bubble-3", "u-ivy", "u-hana", "i feel so alone");
        assertEquals(1, alerts.size(), "held back by the rate limit");
        say(e, "bubble-3", "u-ivy", "u-hana", "my dad hits me every day");
        assertEquals(2, alerts.stream().map(StaffAlert::category).distinct().count(), "a new concern is never held back");
        List<StaffAlert> flushed = e.flushAll(T0.plusSeconds(120));
        assertEquals(1, flushed.size());
        assertEquals(2, flushed.get(0).sequence());
        assertEquals(T0.plus(Duration.ofMinutes(10)), flushed.get(0).updatedAt(), "sent when the interval ends");
    }

    @Test
    void riskDecaysWithTheHalfLifeAndLateMessagesCountFaded() {
        RiskConfig cfg = RiskConfig.defaults();
        ConversationRisk r = new ConversationRisk();
        long t = T0.toEpochMilli();
        r.add(Category.INSULT, 8, t, cfg);
        long day = Duration.ofDays(1).toMillis();
        assertEquals(4.0, r.scoreAt(Category.INSULT, t + day, cfg), 1e-9);
        assertEquals(2.0, r.scoreAt(Category.INSULT, t + 2 * day, cfg), 1e-9);
        assertEquals(8.0, r.scoreAt(Category.INSULT, t - day, cfg), 1e-9, "no growth backwards in time");
        r.add(Category.INSULT, 4, t - day, cfg);
        assertEquals(10.0, r.scoreAt(Category.INSULT, t, cfg), 1e-9, "a day-late message counts half");
        assertEquals(5.0, r.scoreAt(Category.INSULT, t + day, cfg), 1e-9);
    }

    @Test
    void statesRoundTripThroughTheirBinaryFormAndStayBounded() {
        RiskEngine e = new RiskEngine(EVERY_UPDATE);
        say(e, "pm-g", "u-gary", "u-kim", "hey, you are so mature for your age");
        ConversationRisk r = new ConversationRisk();
        RiskConfig cfg = RiskConfig.defaults();
        for (int i = 0; i < 40; i++) {
            ChatMessage m = new ChatMessage("m" + i, ContentKind.CHAT, "general", "g", "u-" + i, List.of("u-" + (i + 1)),
                    "x", T0.plusSeconds(i));
            String text = i % 2 == 0 ? "you are such a loser and " + "blah ".repeat(100) : "how old are you? dont tell anyone";
            ConversationScorer.assess(r, m, RULES.analyze(text), UserSignal.NONE, T0, cfg);
        }
        byte[] bytes = r.encode();
        assertArrayEquals(bytes, ConversationRisk.decode(bytes).encode());
        assertTrue(r.participants.size() <= cfg.maxParticipants());
        assertTrue(r.pairs.size() <= cfg.maxPairs());
        assertTrue(r.evidence().size() <= cfg.maxEvidence());
        assertTrue(bytes.length < 2200, "bounded whatever the traffic: " + bytes.length);
        assertTrue(r.evidence().stream().allMatch(x -> x.maskedExcerpt().length() <= 201), "excerpts are cut to 200 chars");

        ConversationAlerts al = new ConversationAlerts();
        ChatMessage m = new ChatMessage("m1", ContentKind.CHAT, "general", "g", "u-1", List.of(), "x", T0);
        ConversationScorer.raise(al, r, List.of(new ConversationScorer.Concern(Category.INSULT, Tier.MODERATOR,
                List.of("why"), List.of("u-1"))), m, "v1", T0, cfg);
        byte[] ab = al.encode();
        assertArrayEquals(ab, ConversationAlerts.decode(ab).encode());

        UserRisk u = new UserRisk();
        u.blocked = true;
        u.distress = 3.5;
        byte[] ub = u.encode();
        assertArrayEquals(ub, UserRisk.decode(ub).encode());
        assertTrue(ub.length < 64, "user state is tiny: " + ub.length);
    }

    @Test
    void stateExpiresWithTheJobsTtlsSoALongFileDoesNotGrowMemory() {
        RiskConfig cfg = EVERY_UPDATE.withTtls(Duration.ofDays(30), Duration.ofDays(365));
        RiskEngine e = new RiskEngine(cfg);
        say(e, ContentKind.CHAT, "old-1", "u-ivy", "u-hana", "i feel so alone", T0);
        String oldAlert = alerts.get(alerts.size() - 1).alertId();
        bully(e, "old-2", T0.plusSeconds(60));
        int[] before = e.sizes();
        assertTrue(before[0] >= 1 && before[1] == 2 && before[2] == 2, java.util.Arrays.toString(before));

        // a year of traffic, one flagged message an hour in a new conversation each time
        Instant t = T0.plus(Duration.ofDays(1));
        int maxRisks = 0;
        for (int h = 0; h < 24 * 400; h++, t = t.plus(Duration.ofHours(1))) {
            say(e, ContentKind.CHAT, "conv-" + h, "u-" + (h % 50), "u-z", "this is shit", t);
            maxRisks = Math.max(maxRisks, e.sizes()[1]);
        }
        assertTrue(maxRisks <= 30 * 24 + 1, "conversation risk is held for its 30-day TTL only: " + maxRisks);
        assertEquals(0, e.sizes()[2], "the old alert bookkeeping expired after its year");
        assertEquals(50, e.sizes()[0], "user state expired too, except the trust counts of the 50 users still chatting");

        int seen = alerts.size();
        say(e, ContentKind.CHAT, "old-1", "u-ivy", "u-hana", "i feel so alone", t);
        StaffAlert fresh = alerts.get(seen);
        assertNotEquals(oldAlert, fresh.alertId(), "expired state is never read back: a new alert, not an update");
        assertEquals(1, fresh.sequence());
    }

    private void assertSequencesStrictlyIncrease() {
        java.util.Map<String, Integer> last = new java.util.HashMap<>();
        for (StaffAlert a : alerts) {
            Integer prev = last.put(a.alertId(), a.sequence());
            assertEquals(prev == null ? 1 : prev + 1, a.sequence(), "contiguous sequence for " + a.alertId());
        }
    }

    static StaffAction action(String id, StaffAction.Type type, String user, String conv, String alertId) {
        return new StaffAction(id, type, user, conv, alertId, null, "s-1", null, T0);
    }
}
