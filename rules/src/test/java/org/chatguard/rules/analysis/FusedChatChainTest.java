package org.chatguard.rules.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionLengthAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;
import org.chatguard.rules.bench.ChatLines;
import org.chatguard.rules.eval.Perturber;
import org.junit.jupiter.api.Test;

/**
 * {@link FusedChatChain} (the engine's hot path) must produce exactly the tokens of the Lucene chain of
 * {@link ChatAnalyzer}: term, offsets, position increment and length, squeezed or not, in order.
 */
class FusedChatChainTest {

    private static final ChatAnalyzer ANALYZER = new ChatAnalyzer();
    private final FusedChatChain fused = new FusedChatChain();

    static List<String> lucene(String text) throws IOException {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = ANALYZER.tokenStream("f", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            OffsetAttribute off = ts.addAttribute(OffsetAttribute.class);
            PositionIncrementAttribute inc = ts.addAttribute(PositionIncrementAttribute.class);
            PositionLengthAttribute len = ts.addAttribute(PositionLengthAttribute.class);
            TypeAttribute type = ts.addAttribute(TypeAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(format(inc.getPositionIncrement(), len.getPositionLength(), off.startOffset(), off.endOffset(),
                        RepeatedLetterFilter.TYPE.equals(type.type()), term.toString()));
            }
            ts.end();
        }
        return out;
    }

    List<String> fused(String text) {
        List<String> out = new ArrayList<>();
        fused.run(ConfusableFoldingCharFilter.of(text), (posInc, posLen, start, end, squeezed, term, len, hash) -> {
            String t = new String(term, 0, len);
            assertEquals(t.hashCode(), hash, t);
            out.add(format(posInc, posLen, start, end, squeezed, t));
        });
        return out;
    }

    private static String format(int inc, int len, int start, int end, boolean sq, String term) {
        return (sq ? "~" : "") + term + "@" + start + "-" + end + "+" + inc + "/" + len;
    }

    private void check(String text) throws IOException {
        assertEquals(lucene(text), fused(text), () -> "text: " + text);
    }

    @Test
    void evasionsAndEdgeCases() throws IOException {
        for (String s : List.of("", " ", "hello world", "FÜCK Café naïve", "fυck роrn ｆｕｃｋ 𝐟𝐮𝐜𝐤 ꜰᴜᴄᴋ",
                "f\u200Buck f\u200Du\u2060c\uFEFFk fu\u00ADck", "sh1t $hit @$$ b!tch k1ll 2024 07700 900123 hello!",
                "f u c k", "f.u.c.k off", "f-u-c-k", "$ h 1 t", "i f u c k i n g hate it", "u r a f u c k",
                "a b", "a b c", "k y s", "fuuuuck assss grass kiiiill", "f u u u c k", "don't iâ\u0080\u0099m",
                "@name @n4me @1a @@ $ @ $$", "f**k sh*t wow!! a|b x+y", "😀 😂 👍🏽 ❤️ f😀u😀c😀k", "\ud800 lone \udc00 x",
                "e\u0301e\u0301e\u0301", "a\u0007b\u0007c", "1 2 3 4", "! ! !", "5 h 1 7")) {
            check(s);
        }
    }

    @Test
    void longRunsAndLongTokens() throws IOException {
        StringBuilder singles = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            singles.append((char) ('a' + i % 26)).append(' ');
        }
        check(singles.toString());
        check(singles + "word " + singles);
        check("x".repeat(200) + " " + "ab".repeat(100) + " " + "s1".repeat(70));
        check("$".repeat(130) + " " + "a$".repeat(40));
    }

    @Test
    void perturbedChatLines() throws IOException {
        List<String> lines = ChatLines.generate(2_000, 77);
        long seed = 0;
        for (String line : lines) {
            check(line);
            for (Perturber.Technique t : Perturber.Technique.values()) {
                check(Perturber.perturb(line, t, seed++));
            }
        }
    }

    @Test
    void randomText() throws IOException {
        String alphabet = "abcdefiklsuxyzABKS  .-_'’`0134579$@!|+* \u200b\u0301\u00e9\u0430\u0435\u03c5\uff46\u00df"
                + "\ud835\udc1f\ud83d\ude00\ud83c\udffd\ud800\udc00\u0000\n\t\u00e2\u0080\u0099";
        Random rnd = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            int n = rnd.nextInt(60);
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < n; k++) {
                if (rnd.nextInt(4) == 0) {
                    sb.append(' ');
                }
                sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            check(sb.toString());
        }
    }
}
