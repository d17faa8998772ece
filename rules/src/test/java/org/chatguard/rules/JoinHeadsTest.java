package org.chatguard.rules;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The filter in front of the joined-word lookup may pass a non-word, never stop a word of the pack. */
class JoinHeadsTest {

    private static boolean may(PackIndex.JoinHeads h, String s) {
        return h.mayMatch(s.toCharArray(), s.length());
    }

    @Test
    void neverStopsAWordThePackCouldMatch() {
        PackIndex.JoinHeads h = new PackIndex.JoinHeads();
        Random rnd = new Random(3);
        List<String> exact = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            String w = word(rnd, 3 + rnd.nextInt(8));
            if (rnd.nextBoolean()) {
                exact.add(w);
                h.addExact(w);
            } else {
                prefixes.add(w);
                h.addPrefix(w);
            }
        }
        for (String w : exact) {
            assertTrue(w.length() < 4 || may(h, w), w);
        }
        for (String p : prefixes) {
            assertTrue(may(h, p + "ing"), p);
            assertTrue(p.length() < 4 || may(h, p), p);
        }
        assertTrue(may(h, "abc"), "under four letters nothing is filtered");
    }

    @Test
    void stopsWhatNoWordStartsWith() {
        PackIndex.JoinHeads h = new PackIndex.JoinHeads();
        h.addExact("bitch");
        h.addPrefix("fuck");
        h.addPrefix("cum");
        h.addExact("ass"); // three letters: never a joined word of four or more
        assertTrue(may(h, "bitch"));
        assertTrue(may(h, "fuckoff"));
        assertTrue(may(h, "cumshot"));
        assertFalse(may(h, "isit"));
        assertFalse(may(h, "assk"));
        assertFalse(may(h, "urso"));
    }

    @Test
    void aPrefixUnderThreeLettersTurnsTheFilterOff() {
        PackIndex.JoinHeads h = new PackIndex.JoinHeads();
        h.addPrefix("ab");
        assertTrue(may(h, "isit"));
    }

    private static String word(Random rnd, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append((char) ('a' + rnd.nextInt(26)));
        }
        return b.toString();
    }
}
