package org.chatguard.rules.risk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.chatguard.model.Category;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;
import org.chatguard.model.StaffAlert;
import org.chatguard.model.Tier;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.Verdict;
import org.chatguard.rules.risk.ConversationScorer.Concern;

/** The hand-written conversation signals, the signal-state container, and the signals through {@link RiskEngine}. */
class RiskSignalsTest {

    static final ModerationEngine ENGINE = ModerationEngine.defaultEngine();
    static final Instant T0 = Instant.parse("2026-11-20T16:00:00Z");

    /** Lines "sender: text" in one private conversation, a minute apart; returns the concerns raised per message. */
    static List<List<Concern>> run(RiskSignal signal, String... lines) {
        byte[] state = null;
        List<List<Concern>> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            ChatMessage m = message(i, lines[i]);
            RiskSignal.Step s = signal.onMessage(state, m, ENGINE.analyze(m.text()));
            state = s.state();
            out.add(s.concerns());
        }
        return out;
    }

    static ChatMessage message(int i, String line) {
        String from = line.substring(0, line.indexOf(':'));
        String to = from.equals("a") ? "b" : "a";
        return new ChatMessage("m" + (i + 1), ContentKind.CHAT, "private", "c1", from, List.of(to),
                line.substring(line.indexOf(':') + 1).trim(), T0.plusSeconds(60L * i));
    }

    static Tier top(List<List<Concern>> raised) {
        Tier t = null;
        for (List<Concern> l : raised) {
            for (Concern c : l) {
                t = c.tier().max(t);
            }
        }
        return t;
    }

    @Test
    void aThreatWithATimePlaceOrWeaponIsSafeguarding() {
        List<List<Concern>> r = run(new CredibleThreatSignal(),
                "a: you grassed on me",
                "b: i didnt",
                "a: wait for me by the gates after school tomorrow, youll regret what you said, my brother has a blade");
        assertTrue(r.get(0).isEmpty() && r.get(1).isEmpty());
        assertEquals(1, r.get(2).size());
        assertEquals(Category.VIOLENCE, r.get(2).get(0).category());
        assertEquals(Tier.SAFEGUARDING, r.get(2).get(0).tier());
        assertEquals("a", r.get(2).get(0).subjects().get(0), "the one who threatened first");
        // the time and place in one message, the threat in the next, from the same sender
        assertEquals(Tier.SAFEGUARDING, top(run(new CredibleThreatSignal(),
                "a: tomorrow after school behind the shops", "a: ur gonna regret it")));
    }

    @Test
    void hyperboleBetweenFriendsRaisesNothing() {
        assertNull(top(run(new CredibleThreatSignal(),
                "a: my mum will kill me if i miss the bus tomorrow",
                "b: lol im gonna kill you tomorrow if you spoil the film",
                "a: haha ur dead at the park after school 😂",
                "b: see you at the gates at 3")));
        assertNull(top(run(new CredibleThreatSignal(), "a: ur gonna regret it", "b: whatever")),
                "a vague threat has no time, place or weapon: the rules' own alert, not this one");
    }

    @Test
    void goodbyesAccumulatePerSender() {
        List<List<Concern>> r = run(new GoodbyeSignal(),
                "a: you can have my console and all my games",
                "b: wait what why",
                "a: thanks for everything honestly. you wont have to put up with me much longer");
        assertTrue(r.get(0).isEmpty(), "giving things away alone is not yet a concern");
        assertEquals(Tier.COUNSELLOR, r.get(2).get(0).tier());
        assertEquals(Category.SELF_HARM, r.get(2).get(0).category());
        assertEquals(Tier.SAFEGUARDING, top(run(new GoodbyeSignal(),
                "a: nobody would even notice", "a: i wrote a note for my mum, the pills are in my drawer")));
    }

    @Test
    void ordinaryGoodbyesAndJokesRaiseNothing() {
        assertNull(top(run(new GoodbyeSignal(),
                "a: today is our last session together because I'm finishing my placement",
                "b: Thanks for everything Jake, you really helped",
                "b: Goodbye Jake. Good luck at university!",
                "a: Goodbye Oscar, keep being brilliant!")));
        assertNull(top(run(new GoodbyeSignal(),
                "a: if i fail maths i want to disappear lol",
                "a: goodbye cruel world haha")));
    }

    @Test
    void signalStateKeepsEachPartUnderItsNameAndDropsUnknownOnes() {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put("goodbye", new byte[] {1, 2, 3});
        parts.put("retired-signal", new byte[] {9});
        Map<String, byte[]> back = ConversationSignals.decode(ConversationSignals.encode(parts));
        assertArrayEquals(new byte[] {1, 2, 3}, back.get("goodbye"));
        ConversationSignals only = new ConversationSignals(List.of(new GoodbyeSignal()));
        ConversationSignals.Outcome o = only.onMessage(ConversationSignals.encode(parts), message(0, "a: hi"), ENGINE.analyze("hi"));
        Map<String, byte[]> kept = ConversationSignals.decode(o.state());
        assertEquals(List.of("goodbye"), List.copyOf(kept.keySet()), "a part whose signal is gone is dropped");
        assertNull(new ConversationSignals(List.of(new GoodbyeSignal())).onMessage(null, message(0, "a: hi"),
                ENGINE.analyze("hi")).state(), "nothing to keep, no state");
        byte[] bad = ConversationSignals.encode(parts);
        bad[0] = 9;
        assertThrows(IllegalStateException.class, () -> ConversationSignals.decode(bad));
        assertThrows(IllegalArgumentException.class, () -> ConversationSignals.named("no-such-signal"));
    }

    static List<StaffAlert> through(RiskEngine risk, String... lines) {
        List<StaffAlert> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            ChatMessage m = message(i, lines[i]);
            Verdict v = ENGINE.analyze(m.text());
            out.addAll(risk.process(m, v, m.sentAt()).alerts());
        }
        return out;
    }

    @Test
    void theEngineRaisesWhatSignalsSeeWithoutChangingDecisions() {
        String[] threat = {"a: you grassed on me", "b: i didnt",
                "a: wait for me by the gates after school tomorrow, youll regret what you said, my brother has a blade"};
        List<StaffAlert> with = through(new RiskEngine(RiskConfig.defaults()).withSignals(ConversationSignals.defaults()), threat);
        assertTrue(with.stream().anyMatch(a -> a.tier() == Tier.SAFEGUARDING && a.category() == Category.VIOLENCE
                && a.reasonCodes().contains(CredibleThreatSignal.REASON + "a")), with.toString());
        List<StaffAlert> without = through(new RiskEngine(RiskConfig.defaults()).withSignals(ConversationSignals.none()), threat);
        assertTrue(without.stream().noneMatch(a -> a.tier() == Tier.SAFEGUARDING), "rules alone: " + without);

        RiskEngine risk = new RiskEngine(RiskConfig.defaults()).withSignals(ConversationSignals.defaults());
        for (int i = 0; i < threat.length; i++) {
            ChatMessage m = message(i, threat[i]);
            Verdict v = ENGINE.analyze(m.text());
            RiskEngine.Outcome o = risk.process(m, v, m.sentAt());
            RiskEngine.Outcome plain = new RiskEngine(RiskConfig.defaults()).withSignals(ConversationSignals.none())
                    .process(m, v, m.sentAt());
            assertEquals(plain.decision().action(), o.decision().action(), "signals only alert");
        }
    }

    @Test
    void theConversationModelNamesTheAdultOfAGroomingSequenceButNeverOnOneMessage() {
        RiskEngine risk = new RiskEngine(RiskConfig.defaults()).withSignals(
                new ConversationSignals(List.of(new ConversationModelSignal(org.chatguard.rules.ml.ConversationModel.loadDefault()))));
        List<StaffAlert> first = through(risk, "a: hey, you are so mature for your age");
        assertTrue(first.isEmpty(), "one message is not a situation: " + first);
        List<StaffAlert> all = through(new RiskEngine(RiskConfig.defaults()).withSignals(ConversationSignals.defaults()),
                "a: Hi Lily, I saw your drawing in the art room, it was genuinely brilliant. You're very mature for your age",
                "b: omg ty",
                "a: How old are you, 13? Which school do you go to?",
                "b: yeah 13, st marys",
                "a: Which nights are you on your own after school? Keep our chats between us, the others would get jealous",
                "b: tuesdays mum works late",
                "a: Add me on snap, it's easier. Don't mention it to your dad, it's a surprise");
        StaffAlert g = all.stream().filter(x -> x.category() == Category.GROOMING && x.tier() == Tier.SAFEGUARDING)
                .findFirst().orElseThrow(() -> new AssertionError(all.toString()));
        assertEquals("a", g.subjectUserIds().get(0), "the concern is about the adult: " + g);
    }
}
