package org.chatguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.chatguard.model.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PatternViewTest {

    static String view(String folded, int keep) {
        PatternView v = new PatternView();
        v.build(folded.toCharArray(), folded.length(), keep);
        return new String(v.text, 0, v.length);
    }

    @Test
    void joinsSpelledOutRunsAndCutsStretchedLetters() {
        assertEquals("my email is kid", view("my e m a i l is kid", 1));
        assertEquals("snap: coolkid", view("s.n.a.p: coolkid", 1));
        assertEquals("snap", view("snaaaap", 1));
        assertEquals("add me", view("adddddd me", 2));
        assertEquals("ad me", view("adddddd me", 1), "why there are two views");
        assertEquals("07700900123", view("0 7 7 0 0 9 0 0 1 2 3", 1));
        // two single letters are words, not a spelled-out run
        assertEquals("u r ok", view("u r ok", 1));
    }

    @Test
    void everyViewCharacterKnowsTheFoldedSpanItCameFrom() {
        String folded = "hi s n a p ccccool";
        PatternView v = new PatternView();
        assertTrue(v.build(folded.toCharArray(), folded.length(), 1));
        String text = new String(v.text, 0, v.length);
        assertEquals("hi snap cool", text);
        int s = text.indexOf("snap");
        assertEquals(folded.indexOf("s n"), v.toFolded[s]);
        assertEquals(folded.indexOf("p ") + 1, v.toFoldedEnd[s + 3]);
        int c = text.indexOf("cool");
        assertEquals(folded.indexOf("cccc"), v.toFolded[c]);
        assertEquals(folded.indexOf("ool"), v.toFoldedEnd[c], "the cut run spans all its letters");
        assertEquals(c, v.viewIndex(folded.indexOf("cccc")));
    }

    @Test
    void plainChatNeedsNoView() {
        String s = "see you at football practice later, ok?";
        assertFalse(new PatternView().build(s.toCharArray(), s.length(), 1));
    }

    /** The engine asks {@link PatternView#changes} first and builds only when it says so: they must agree. */
    @Test
    void changesAgreesWithBuild() {
        java.util.List<String> texts = new java.util.ArrayList<>(org.chatguard.rules.bench.ChatLines.generate(3_000, 5));
        texts.addAll(java.util.List.of("", "a", "aaa", "aa", "a b", "a b c", "a.b.c", "a-b_c", "a  b  c", "1 2 3", "ab c d",
                "a b cd", "x a b c", "hi s n a p ccccool", "my e m a i l is kid", "adddddd me", "u r ok", "snaaap", "é à ü",
                "s.n.a.p: coolkid", "a b c!", "!a b c", "aab", "baaa", "a1 b c", "\uD835\uDC1F u c k", "ok . . . ok"));
        for (String t : texts) {
            assertEquals(new PatternView().build(t.toCharArray(), t.length(), 1), PatternView.changes(t.toCharArray(), t.length()), t);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "my e m a i l is kid.name@e x a m p l e.co.uk | my e m a i l is ****************************",
        "a d d me on s n a p: coolkid_12              | a d d me on s n a p: **********",
        "adddddd me on snaaap: coolkkkid_12           | adddddd me on snaaap: ************",
        "i liveeee at 12 Bakkkker Streettt            | i liveeee at ********************",
    })
    void spelledOutAndStretchedPersonalDataIsMaskedExactly(String text, String display) {
        Verdict v = ModerationEngine.defaultEngine().analyze(text);
        assertEquals(Action.MASK, v.action(), v.matches().toString());
        assertEquals(display, v.displayText());
    }
}
