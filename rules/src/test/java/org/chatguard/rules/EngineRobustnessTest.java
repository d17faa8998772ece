package org.chatguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.chatguard.model.Action;
import org.chatguard.model.RuleMatch;
import org.junit.jupiter.api.Test;

/** analyze() never throws and its output is always consistent, whatever the input. */
class EngineRobustnessTest {

    static final ModerationEngine ENGINE = ModerationEngine.defaultEngine();

    private static final String PIECES = "fuck shit kys kill yourself i want to die my dad hits me 07700 900123 a@b.co SW1A 1AA "
            + "f.u.c.k $h1t 😀 👍🏽 é \u0301 \u200B \u200D \uFEFF \u0000 \u0007 \r\n\t ｆ 𝐟 аеорсх αβγ 中文 عربى \uD800 \uDC00 \uFFFF \uFFFD "
            + "[ ] ( ) * + ? { } | \\ $ @ ! ' ’ â\u0080\u0099 snap: @x_y send me a pic don't tell your parents";

    static void assertConsistent(String text, Verdict v) {
        assertNotNull(v);
        assertNotNull(v.action());
        assertNotNull(v.displayText());
        assertEquals(text.length(), v.maskedText().length());
        if (v.action() != Action.BLOCK) {
            assertEquals(text.length(), v.displayText().length());
        }
        int prev = -1;
        for (RuleMatch m : v.matches()) {
            assertTrue(m.start() >= 0 && m.end() <= text.length() && m.start() < m.end(), m.toString());
            assertTrue(m.start() >= prev, "sorted by start");
            prev = m.start();
            assertTrue(m.start() == 0 || !Character.isLowSurrogate(text.charAt(m.start()))
                    || !Character.isHighSurrogate(text.charAt(m.start() - 1)), "span starts inside a surrogate pair");
        }
        for (String r : v.reasonCodes()) {
            assertTrue(!r.startsWith("engine-error"), "internal error: " + r + " on " + text.length() + " chars");
        }
    }

    @Test
    void seededRandomFuzz() {
        Random rnd = new Random(42);
        String[] words = PIECES.split(" ");
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = rnd.nextInt(30);
            for (int k = 0; k < n; k++) {
                switch (rnd.nextInt(4)) {
                    case 0 -> sb.append(words[rnd.nextInt(words.length)]).append(' ');
                    case 1 -> sb.append((char) rnd.nextInt(0x10000));
                    case 2 -> sb.appendCodePoint(rnd.nextInt(Character.MAX_CODE_POINT + 1));
                    default -> sb.append(words[rnd.nextInt(words.length)]);
                }
            }
            String text = sb.toString();
            assertConsistent(text, ENGINE.analyze(text));
        }
    }

    @Test
    void hostileSingleStrings() {
        List<String> inputs = new ArrayList<>(List.of("", " ", "\u0000", "\uD800", "\uDC00", "\uDC00\uD800", "\uD800a",
                "a\uD800", "\u0301", "\u0301\u0301\u0301", "\u200B".repeat(100), "*".repeat(100), "$$$$", "@", "@@@@ @",
                "1".repeat(10_000), "0 ".repeat(5_000), "a.".repeat(10_000), "a ".repeat(20_000), "f u c k ".repeat(500),
                "@a".repeat(5_000), "snap: " + "a".repeat(10_000), "x@" + "a.".repeat(5_000), "ﬁ".repeat(100),
                "\uFFFE\uFFFF", "ß".repeat(50), "İ".repeat(50), "🇫🇺🇨🇰"));
        for (String s : inputs) {
            assertConsistent(s, ENGINE.analyze(s));
        }
        assertEquals(Action.ALLOW, ENGINE.analyze(null).action());
    }

    @Test
    void oneMegabyteMessagesAreHandledInBoundedTime() {
        Random rnd = new Random(7);
        String[] words = PIECES.split(" ");
        StringBuilder sb = new StringBuilder(1 << 20);
        while (sb.length() < (1 << 20)) {
            sb.append(words[rnd.nextInt(words.length)]).append(rnd.nextBoolean() ? ' ' : '.');
        }
        String mixed = sb.toString();
        String letters = "a".repeat(1 << 20);
        String digits = "1 ".repeat(1 << 19);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (String s : List.of(mixed, letters, digits)) {
                Verdict v = ENGINE.analyze(s);
                assertConsistent(s, v);
            }
        });
        assertTrue(ENGINE.analyze(mixed).flagged());
    }

    @Test
    void threadSafe() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                final int seed = t;
                futures.add(pool.submit(() -> {
                    Random rnd = new Random(seed);
                    String[] samples = {"what the fuck", "hello there", "kys", "call 07700 900123", "f u c k off"};
                    Action[] expected = {Action.MASK, Action.ALLOW, Action.BLOCK, Action.MASK, Action.MASK};
                    for (int i = 0; i < 5_000; i++) {
                        int k = rnd.nextInt(samples.length);
                        if (ENGINE.analyze(samples[k]).action() != expected[k]) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : futures) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
