package org.chatguard.rules.risk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.chatguard.model.Category;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;
import org.chatguard.model.Evidence;
import org.chatguard.model.StaffAction;
import org.chatguard.model.StaffAlert;
import org.chatguard.model.Tier;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.Verdict;
import org.chatguard.rules.decide.StaffedHours;
import org.chatguard.rules.decide.Staffing;

/** Pile-ons: several senders at one target within a window, one alert about the target, through {@link RiskEngine}. */
class PileOnTest {

    /** Rules and the bundled model, as the job runs them. */
    static final ModerationEngine ENGINE = ModerationEngine.defaultEngine();
    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final Staffing ALWAYS = Staffing.defaults().withHours(StaffedHours.parse("00:00-24:00", "Europe/London"));

    final List<StaffAlert> alerts = new ArrayList<>();
    int n;

    RiskEngine engine() {
        return new RiskEngine(RiskConfig.defaults(), ALWAYS);
    }

    void say(RiskEngine e, String from, String to, String text, Instant at) {
        say(e, "room-1", from, List.of(to), text, at);
    }

    void say(RiskEngine e, String conv, String from, List<String> to, String text, Instant at) {
        ChatMessage m = new ChatMessage("m" + (++n), ContentKind.CHAT, "general", conv, from, to, text, at);
        alerts.addAll(e.process(m, ENGINE.analyze(text), at).alerts());
    }

    List<StaffAlert> pileOnAlerts() {
        return alerts.stream().filter(a -> a.reasonCodes().stream().anyMatch(r -> r.startsWith(PileOn.REASON))).toList();
    }

    void act(RiskEngine e, StaffAction.Type type, String alertId, Tier role, Instant at) {
        alerts.addAll(e.apply(new StaffAction("sa" + at.toEpochMilli(), type, null, "room-1", alertId, null, "s-1", null, at,
                null, role, null), at));
    }

    /** The issue's example: three senders at one child within minutes, two of them without an insult word. */
    void issueExample(RiskEngine e) {
        say(e, "u-amy", "u-kid", "ur so weird nobody even likes u", T0);
        say(e, "u-bea", "u-kid", "ugly loser just leave", T0.plusSeconds(60));
        say(e, "u-cal", "u-kid", "the whole class is laughing at u", T0.plusSeconds(120));
        say(e, "u-amy", "u-kid", "just go away forever and dont come back", T0.plusSeconds(180));
    }

    @Test
    void theIssuesExampleRaisesOneModeratorAlertAboutTheTargetWithEachSendersEvidence() {
        RiskEngine e = engine();
        issueExample(e);
        assertEquals(1, alerts.size(), "one alert, not one per message: " + alerts);
        StaffAlert a = alerts.get(0);
        assertEquals(Tier.MODERATOR, a.tier());
        assertEquals(Category.INSULT, a.category());
        assertEquals(List.of("u-kid"), a.subjectUserIds());
        assertEquals(List.of("pile-on: 3 senders at u-kid within 10 min: u-amy, u-bea, u-cal"), a.reasonCodes());
        assertEquals(List.of("u-amy", "u-bea", "u-cal"), a.evidence().stream().map(Evidence::senderId).distinct().toList());
        assertTrue(a.evidence().stream().anyMatch(x -> x.maskedExcerpt().equals("the whole class is laughing at u")),
                "the words of the concern are readable: " + a.evidence());
        assertEquals(T0.plusSeconds(120).plus(Duration.ofHours(4)), a.ackDueAt());
        assertTrue(e.flushAll(T0.plusSeconds(200)).isEmpty(), "nothing held back either");
    }

    @Test
    void exclusionWithoutAnInsultWordIsAHitToday() {
        // "the whole class is laughing at u" and "just go away forever ..." match no insult term and the bullying
        // model scores them far below its flag threshold: the exclusion rule records them as insults
        for (String s : List.of("the whole class is laughing at u", "just go away forever and dont come back")) {
            Verdict v = ENGINE.analyze(s);
            assertTrue(v.categories().contains(Category.INSULT), s + ": " + v.matches());
            assertEquals(org.chatguard.model.Action.ALLOW, v.action(), "flag only, nothing masked: " + s);
            assertTrue(PileOn.isHit(v, PileOn.Config.defaults()), s);
        }
        assertFalse(PileOn.isHit(ENGINE.analyze("see you tomorrow at the library"), PileOn.Config.defaults()));
    }

    @Test
    void twoSendersAreNotAPileOn() {
        RiskEngine e = engine();
        say(e, "u-amy", "u-kid", "ur so weird nobody even likes u", T0);
        say(e, "u-bea", "u-kid", "ugly loser just leave", T0.plusSeconds(60));
        say(e, "u-amy", "u-kid", "just go away forever and dont come back", T0.plusSeconds(120));
        say(e, "u-bea", "u-kid", "the whole class is laughing at u", T0.plusSeconds(180));
        assertTrue(pileOnAlerts().isEmpty(), alerts.toString());
    }

    @Test
    void twoFriendsBanteringBothWaysRaiseNothing() {
        RiskEngine e = engine();
        say(e, "pm-1", "u-jo", List.of("u-max"), "ur such an idiot lol", T0);
        say(e, "pm-1", "u-max", List.of("u-jo"), "says the loser who lost 5-0 😂", T0.plusSeconds(30));
        say(e, "pm-1", "u-jo", List.of("u-max"), "muppet", T0.plusSeconds(60));
        say(e, "pm-1", "u-max", List.of("u-jo"), "ur the muppet", T0.plusSeconds(90));
        assertTrue(alerts.isEmpty(), "below the pair threshold both ways, and two is not a pile-on: " + alerts);
    }

    @Test
    void aSenderTooLongBeforeTheOthersLeavesTheWindow() {
        RiskEngine e = engine();
        say(e, "u-amy", "u-kid", "ur so weird nobody even likes u", T0);
        say(e, "u-bea", "u-kid", "ugly loser just leave", T0.plus(Duration.ofMinutes(6)));
        say(e, "u-cal", "u-kid", "the whole class is laughing at u", T0.plus(Duration.ofMinutes(10)));
        assertTrue(pileOnAlerts().isEmpty(), "u-amy's hit is exactly 10 min old: out of the window " + alerts);
        say(e, "u-dan", "u-kid", "nobody wants u here", T0.plus(Duration.ofMinutes(11)));
        assertEquals(1, pileOnAlerts().size());
        assertEquals(List.of("pile-on: 3 senders at u-kid within 10 min: u-bea, u-cal, u-dan"), pileOnAlerts().get(0).reasonCodes());
    }

    @Test
    void theWindowIsConfigurable() {
        issueExample(engine().withPileOn(PileOn.Config.defaults().withWindow(Duration.ofMinutes(2))));
        assertTrue(alerts.isEmpty(), "10:00 is two minutes before 10:02: out of a two-minute window " + alerts);
        issueExample(engine().withPileOn(PileOn.Config.defaults().withWindow(Duration.ofMinutes(3))));
        assertEquals(1, alerts.size(), alerts.toString());
        alerts.clear();
        RiskEngine strict = engine().withPileOn(PileOn.Config.defaults().withSenders(4));
        issueExample(strict);
        assertTrue(alerts.isEmpty(), "three senders are not four");
    }

    @Test
    void manySendersStillRaiseOneAlertAndALaterEpisodeUpdatesTheOpenOne() {
        RiskEngine e = engine();
        String[] who = {"u-a", "u-b", "u-c", "u-d", "u-e", "u-f"};
        for (int i = 0; i < who.length; i++) {
            say(e, who[i], "u-kid", "nobody wants u here", T0.plusSeconds(20L * i));
        }
        assertEquals(1, alerts.size(), alerts.toString());
        assertEquals(1, alerts.get(0).sequence());
        assertTrue(e.pileOnStates() > 0);

        // quiet for longer than the window: the episode is over and its state gone
        Instant later = T0.plus(Duration.ofMinutes(30));
        e.flushAll(later);
        assertEquals(0, e.pileOnStates(), "no pile-on state left behind");
        for (int i = 0; i < 3; i++) {
            say(e, who[i], "u-kid", "the whole class is laughing at u", later.plusSeconds(70L * i));
        }
        // the room's insult score has passed the alert threshold by now, so updates also come from that; all of
        // them are the one open alert, each with the next sequence
        assertTrue(alerts.size() >= 2, alerts.toString());
        for (int i = 1; i < alerts.size(); i++) {
            assertEquals(alerts.get(0).alertId(), alerts.get(i).alertId());
            assertEquals(i + 1, alerts.get(i).sequence());
        }
        StaffAlert last = alerts.get(alerts.size() - 1);
        assertEquals(List.of("u-a", "u-b", "u-c"), last.evidence().stream().filter(x -> x.sentAt().isAfter(later.minusSeconds(1)))
                .map(Evidence::senderId).toList(), "the new episode's senders are in the evidence");
    }

    @Test
    void twoTargetsInOneRoomAreCountedApart() {
        RiskEngine e = engine();
        say(e, "u-a", "u-kid", "nobody wants u here", T0);
        say(e, "u-b", "u-zoe", "nobody wants u here", T0.plusSeconds(10));
        say(e, "u-c", "u-kid", "nobody wants u here", T0.plusSeconds(20));
        assertTrue(alerts.isEmpty(), "two at u-kid, one at u-zoe");
        say(e, "u-d", "u-kid", "ugly loser", T0.plusSeconds(30));
        assertEquals(List.of("u-kid"), alerts.get(0).subjectUserIds());
    }

    @Test
    void aTargetWhoHasExpressedDistressEscalatesTheSameAlertToCounsellors() {
        RiskEngine e = engine();
        issueExample(e);
        say(e, "u-kid", "u-amy", "i want to kill myself", T0.plusSeconds(200));
        alerts.removeIf(a -> a.category() == Category.SELF_HARM);
        say(e, "u-bea", "u-kid", "ugly loser", T0.plusSeconds(220));
        assertEquals(2, alerts.size(), alerts.toString());
        assertEquals(alerts.get(0).alertId(), alerts.get(1).alertId());
        assertEquals(Tier.COUNSELLOR, alerts.get(1).tier());
        assertEquals(2, alerts.get(1).sequence());
        say(e, "u-cal", "u-kid", "ugly loser", T0.plusSeconds(240));
        assertEquals(2, alerts.size(), "escalated once, not again per message");
    }

    @Test
    void aModeratorsAcknowledgementStopsTheClockAndWithoutItThePileOnGoesUpATier() {
        RiskEngine ignored = engine();
        issueExample(ignored);
        String id = alerts.get(0).alertId();
        say(ignored, "u-eve", "u-zoe", "hi", T0.plus(Duration.ofHours(4)).plus(Duration.ofMinutes(10)));
        assertEquals(2, alerts.size(), "nobody acknowledged within 4 h: " + alerts);
        assertEquals(id, alerts.get(1).alertId());
        assertEquals(Tier.COUNSELLOR, alerts.get(1).tier());
        assertTrue(alerts.get(1).reasonCodes().contains(AlertClock.UNACKNOWLEDGED));

        alerts.clear();
        RiskEngine acked = engine();
        issueExample(acked);
        act(acked, StaffAction.Type.ACKNOWLEDGE_ALERT, alerts.get(0).alertId(), Tier.MODERATOR, T0.plus(Duration.ofMinutes(20)));
        say(acked, "u-eve", "u-zoe", "hi", T0.plus(Duration.ofHours(5)));
        assertEquals(1, alerts.size(), "acknowledged by its tier: stays MODERATOR " + alerts);
    }

    @Test
    void aModeratorDismissesThePileOnAndTheRestOfTheEpisodeDoesNotReAlert() {
        RiskEngine e = engine();
        issueExample(e);
        act(e, StaffAction.Type.DISMISS_ALERT, alerts.get(0).alertId(), Tier.MODERATOR, T0.plusSeconds(200));
        say(e, "u-dan", "u-kid", "nobody wants u here", T0.plusSeconds(240));
        say(e, "u-eve", "u-kid", "ugly loser", T0.plusSeconds(260));
        assertEquals(1, alerts.size(), "a false alarm stays dismissed for the episode: " + alerts);
    }

    /** Resolved means handled, not "never again": a pile-on that goes on after the resolve is a new concern. */
    @Test
    void aPileOnThatGoesOnAfterItsAlertWasResolvedAlertsAgain() {
        RiskEngine e = engine();
        issueExample(e);
        String first = alerts.get(0).alertId();
        act(e, StaffAction.Type.RESOLVE_ALERT, first, Tier.MODERATOR, T0.plusSeconds(200));
        alerts.clear();
        say(e, "u-dan", "u-kid", "nobody wants u here", T0.plusSeconds(240));
        say(e, "u-eve", "u-kid", "ugly loser", T0.plusSeconds(260));
        List<StaffAlert> again = pileOnAlerts();
        assertEquals(1, again.size(), "one new alert for the pile-on that went on: " + alerts);
        assertEquals(Tier.MODERATOR, again.get(0).tier());
        assertEquals(List.of("u-kid"), again.get(0).subjectUserIds());
        assertTrue(again.get(0).evidence().stream().anyMatch(x -> x.senderId().equals("u-dan")), again.get(0).evidence()::toString);
    }

    @Test
    void aCounsellorTierPileOnIsNotAModeratorsToDismiss() {
        RiskEngine e = engine();
        say(e, "u-kid", "u-amy", "i want to kill myself", T0.minusSeconds(60));
        issueExample(e);
        StaffAlert pile = pileOnAlerts().get(0);
        assertEquals(Tier.COUNSELLOR, pile.tier());
        act(e, StaffAction.Type.DISMISS_ALERT, pile.alertId(), Tier.MODERATOR, T0.plusSeconds(200));
        act(e, StaffAction.Type.ESCALATE_ALERT, pile.alertId(), Tier.MODERATOR, T0.plusSeconds(210));
        assertEquals(pile.alertId(), alerts.get(alerts.size() - 1).alertId(), "still open: escalation re-publishes it");
        assertEquals(Tier.SAFEGUARDING, alerts.get(alerts.size() - 1).tier());
    }

    @Test
    void theStateRoundTripsAndRefusesWhatItCannotRead() {
        PileOn.Config cfg = PileOn.Config.defaults();
        PileOn.State s = new PileOn.State();
        ConversationRisk risk = new ConversationRisk();
        for (String who : List.of("u-a", "u-b", "u-c")) {
            ChatMessage m = new ChatMessage("m-" + who, ContentKind.CHAT, "general", "room-1", who, List.of("u-kid"),
                    "nobody wants u here", T0);
            PileOn.onHit(s, m, ENGINE.analyze(m.text()), "u-kid", risk, cfg);
        }
        byte[] bytes = s.encode();
        PileOn.State back = PileOn.State.decode(bytes);
        assertEquals(s.hits, back.hits);
        assertEquals(Tier.MODERATOR.ordinal(), back.raisedTier);
        assertArrayEquals(bytes, back.encode());
        assertTrue(bytes.length < 200, "small per target: " + bytes.length + " bytes");
        assertTrue(PileOn.State.decode(null).isEmpty());

        byte[] future = bytes.clone();
        future[0] = 2;
        assertThrows(IllegalStateException.class, () -> PileOn.State.decode(future));
        assertThrows(UncheckedIOException.class, () -> PileOn.State.decode(Arrays.copyOf(bytes, bytes.length - 3)));
        assertNull(PileOn.sweep(bytes, T0.plus(cfg.window()).toEpochMilli(), cfg), "all expired: removed");
        assertSame(bytes, PileOn.sweep(bytes, T0.plusSeconds(1).toEpochMilli(), cfg), "nothing expired: unchanged");
    }

    /** One INSULT alert per conversation: a pair's bullying alert already open takes the pile-on in (same alert id). */
    @Test
    void aPairsOpenBullyingAlertIsJoinedByThePileOnNotDuplicated() {
        RiskEngine e = engine();
        // u-amy bullies u-kid on her own first: the pair's alert, stored in the format pile-ons did not change
        say(e, "u-amy", "u-kid", "ur so ugly", T0.minusSeconds(300));
        say(e, "u-amy", "u-kid", "ur such a loser", T0.minusSeconds(280));
        say(e, "u-amy", "u-kid", "ur pathetic", T0.minusSeconds(260));
        assertEquals(1, alerts.size());
        String id = alerts.get(0).alertId();
        issueExample(e);
        List<StaffAlert> all = new ArrayList<>(alerts);
        all.addAll(e.flushAll(T0.plus(Duration.ofMinutes(5))));
        StaffAlert last = all.get(all.size() - 1);
        assertEquals(id, last.alertId(), "one INSULT alert per conversation: " + all);
        assertTrue(last.reasonCodes().stream().anyMatch(r -> r.startsWith("pile-on: 3 senders at u-kid")), last.reasonCodes().toString());
        assertTrue(last.subjectUserIds().contains("u-kid"));
    }

    @Test
    void configRefusesTwoSendersAndNonsense() {
        assertThrows(IllegalArgumentException.class, () -> PileOn.Config.defaults().withSenders(2));
        assertThrows(IllegalArgumentException.class, () -> PileOn.Config.defaults().withWindow(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new PileOn.Config(3, Duration.ofMinutes(1), 0, 8));
    }

    /** The dev split's banter (two or three friends, messages addressed to one or two): no pile-on. */
    @Test
    void devBanterRaisesNoPileOn() throws IOException {
        Path dev = Path.of("../corpus/conversations/dev");
        ObjectMapper json = new ObjectMapper();
        Map<String, String> shapes = new LinkedHashMap<>();
        for (String f : List.of("author-a", "author-b", "author-c")) {
            for (String line : Files.readAllLines(dev.resolve(f + ".labels.jsonl"))) {
                JsonNode l = json.readTree(line);
                shapes.put(l.get("conversationId").asText(), l.get("shape").asText());
            }
        }
        java.util.Set<String> read = new java.util.HashSet<>();
        RiskEngine e = engine();
        for (String f : List.of("author-a", "author-b", "author-c")) {
            for (String line : Files.readAllLines(dev.resolve(f + ".jsonl"))) {
                JsonNode j = json.readTree(line);
                String conv = j.get("conversationId").asText();
                List<String> to = new ArrayList<>();
                j.path("recipientIds").forEach(x -> to.add(x.asText()));
                if (shapes.getOrDefault(conv, "").startsWith("innocent/banter") && to.size() <= 2) {
                    ChatMessage m = new ChatMessage(j.get("id").asText(), ContentKind.CHAT, j.get("channel").asText(), conv,
                            j.get("senderId").asText(), to, j.get("text").asText(), Instant.parse(j.get("sentAt").asText()));
                    alerts.addAll(e.process(m, ENGINE.analyze(m.text()), m.sentAt()).alerts());
                    read.add(conv);
                }
            }
        }
        assertEquals(7, read.size(), "banter conversations addressed to one or two: " + read);
        assertTrue(pileOnAlerts().isEmpty(), pileOnAlerts().toString());
    }
}
