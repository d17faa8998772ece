package org.chatguard.rules.risk;

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
import org.chatguard.model.Decision;
import org.chatguard.model.RuleMatch;
import org.chatguard.rules.Verdict;
import org.chatguard.rules.lang.LanguageRouter;

/** Words typed one piece per message, through {@link RiskEngine} as {@code classify --stateful} runs them. */
class SplitWordsTest {

    static final LanguageRouter RULES = LanguageRouter.defaults();
    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    static RiskEngine engine() {
        return new RiskEngine(RiskConfig.defaults()).withSplitWords(RULES::analyze, SplitWords.Config.defaults());
    }

    static ChatMessage msg(String id, String sender, String conv, String text, long millis) {
        return new ChatMessage(id, ContentKind.CHAT, "general", conv, sender, List.of("u-kid"), text, T0.plusMillis(millis));
    }

    /** Runs the pieces (each {@code stepMillis} after the last) from one sender in one conversation. */
    static List<Decision> run(RiskEngine e, String sender, String conv, long stepMillis, String... texts) {
        List<Decision> out = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            ChatMessage m = msg(sender + "-" + conv + "-" + i, sender, conv, texts[i], i * stepMillis);
            out.add(e.process(m, RULES.analyze(m.text()), m.sentAt()).decision());
        }
        return out;
    }

    @Test
    void fuckTypedOneLetterPerMessageIsMaskedOnTheLastLetterNamingTheOthers() {
        List<Decision> d = run(engine(), "u-a", "c1", 1000, "f", "u", "c", "k");
        for (int i = 0; i < 3; i++) {
            assertEquals(Action.ALLOW, d.get(i).action(), "a single letter is nothing yet");
        }
        Decision last = d.get(3);
        assertEquals(Action.MASK, last.action());
        assertEquals("*", last.displayText());
        RuleMatch m = last.matches().get(0);
        assertEquals("prof.fuck", m.ruleId());
        assertEquals(0, m.start());
        assertEquals(1, m.end());
        assertEquals(List.of("u-a-c1-0", "u-a-c1-1", "u-a-c1-2"), m.messageIds());
    }

    @Test
    void kysInThreeMessagesIsBlockedAndAlerts() {
        RiskEngine e = engine();
        List<StaffAlertHolder> alerts = new ArrayList<>();
        Decision last = null;
        String[] t = {"k", "y", "s"};
        for (int i = 0; i < t.length; i++) {
            ChatMessage m = msg("m" + i, "u-b", "c2", t[i], i * 800L);
            RiskEngine.Outcome o = e.process(m, RULES.analyze(t[i]), m.sentAt());
            o.alerts().forEach(a -> alerts.add(new StaffAlertHolder(a.category() == null ? null : a.category().name())));
            last = o.decision();
        }
        assertEquals(Action.BLOCK, last.action());
        assertEquals(Verdict.BLOCKED, last.displayText());
        assertEquals(List.of("m0", "m1"), last.matches().get(0).messageIds());
        assertTrue(alerts.stream().anyMatch(a -> "INSULT".equals(a.category)), "the kys rule's moderator alert");
    }

    record StaffAlertHolder(String category) {
    }

    @Test
    void innocentOneLetterPilesStayClean() {
        RiskEngine e = engine();
        for (String[] pile : List.of(new String[] {"k", "o", "k"}, new String[] {"o", "k"}, new String[] {"l", "o", "l"},
                new String[] {"h", "i"}, new String[] {"y", "e", "s"}, new String[] {"n", "o", "p", "e"}, new String[] {"a", "b", "c"},
                new String[] {"ok", "k", "ty"}, new String[] {"?", "?", "!"})) {
            for (Decision d : run(e, "u-c", "c3-" + String.join("", pile), 500, pile)) {
                assertEquals(Action.ALLOW, d.action(), String.join(",", pile));
                assertTrue(d.matches().isEmpty(), String.join(",", pile) + " -> " + d.matches());
            }
        }
    }

    @Test
    void piecesJoinOnlyWithinOneSenderOneConversationAndWithoutLongPauses() {
        RiskEngine e = engine();
        // two senders interleaved: neither completes a word
        String[] a = {"f", "c"};
        String[] b = {"u", "k"};
        for (int i = 0; i < 2; i++) {
            assertEquals(Action.ALLOW, e.process(msg("a" + i, "u-1", "c4", a[i], i * 2000L), RULES.analyze(a[i]), T0).decision().action());
            assertEquals(Action.ALLOW, e.process(msg("b" + i, "u-2", "c4", b[i], i * 2000L + 1000), RULES.analyze(b[i]), T0).decision().action());
        }
        // the same sender in two conversations
        List<Decision> d1 = run(e, "u-3", "c5", 1000, "f", "u");
        List<Decision> d2 = run(e, "u-3", "c6", 1000, "c", "k");
        assertEquals(Action.ALLOW, d2.get(1).action());
        // a pause of more than the gap (5 s) between pieces starts a new word
        List<Decision> slow = run(engine(), "u-4", "c7", 6000, "f", "u", "c", "k");
        assertEquals(Action.ALLOW, slow.get(3).action());
        assertTrue(d1.stream().allMatch(d -> d.action() == Action.ALLOW));
    }

    @Test
    void aLongMessageIsNotAPieceAndAFinishedWordIsForgotten() {
        assertFalse(SplitWords.isPiece("hello", SplitWords.Config.defaults()));
        assertFalse(SplitWords.isPiece("a b", SplitWords.Config.defaults()));
        assertFalse(SplitWords.isPiece("   ", SplitWords.Config.defaults()));
        assertTrue(SplitWords.isPiece(" k ", SplitWords.Config.defaults()));
        RiskEngine e = engine();
        List<Decision> d = run(e, "u-5", "c8", 1000, "f", "u", "c", "k");
        assertEquals(Action.MASK, d.get(3).action());
        assertEquals(0, e.sizes()[3], "no pieces kept after a completed word");
        ChatMessage again = msg("again", "u-5", "c8", "k", 3500);
        assertEquals(Action.ALLOW, e.process(again, RULES.analyze("k"), again.sentAt()).decision().action(),
                "the word was dealt with: a second k completes nothing");
    }

    @Test
    void spanishSplitAcrossMessagesToo() {
        List<Decision> d = run(engine(), "u-6", "c9", 1000, "mi", "er", "da");
        assertEquals(Action.MASK, d.get(2).action(), d.get(2).toString());
        assertEquals(List.of("u-6-c9-0", "u-6-c9-1"), d.get(2).matches().get(0).messageIds());
    }

    @Test
    void piecesAreBoundedAndExpire() {
        RiskEngine e = engine();
        String[] many = new String[20];
        java.util.Arrays.fill(many, "x");
        run(e, "u-7", "c10", 100, many);
        SplitWords.Pieces p = new SplitWords.Pieces();
        for (int i = 0; i < 20; i++) {
            SplitWords.onPiece(p, msg("x" + i, "u-7", "c11", "x", i * 100L), RULES.analyze("x"), RULES::analyze,
                    SplitWords.Config.defaults());
        }
        assertEquals(SplitWords.Config.defaults().maxPieces(), p.size());
        assertEquals(p.size(), SplitWords.Pieces.decode(p.encode()).size(), "binary form round-trips");
        assertEquals(1, e.sizes()[3]);
        // a message a TTL later, elsewhere: the pieces leave memory
        ChatMessage later = msg("later", "u-8", "c12", "hello there", 10 * 60_000L);
        e.process(later, RULES.analyze(later.text()), later.sentAt());
        assertEquals(0, e.sizes()[3]);
    }

    @Test
    void withoutAMatcherNothingChanges() {
        RiskEngine plain = new RiskEngine(RiskConfig.defaults());
        Decision last = null;
        String[] t = {"f", "u", "c", "k"};
        for (int i = 0; i < 4; i++) {
            ChatMessage m = msg("p" + i, "u-9", "c13", t[i], i * 500L);
            last = plain.process(m, RULES.analyze(t[i]), m.sentAt()).decision();
        }
        assertEquals(Action.ALLOW, last.action());
        assertNull(last.matches().isEmpty() ? null : last.matches());
    }
}
