package org.chatguard.rules.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;
import org.junit.jupiter.api.Test;

/** The analysis chain on its own: what tokens and offsets each evasion produces. */
class ChatAnalyzerTest {

    private static final ChatAnalyzer ANALYZER = new ChatAnalyzer();

    /** "term@start-end" per token, stacked readings included, "~" marking squeezed readings. */
    static List<String> tokens(String text) throws IOException {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = ANALYZER.tokenStream("f", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            OffsetAttribute off = ts.addAttribute(OffsetAttribute.class);
            TypeAttribute type = ts.addAttribute(TypeAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                String mark = RepeatedLetterFilter.TYPE.equals(type.type()) ? "~" : "";
                out.add(mark + term + "@" + off.startOffset() + "-" + off.endOffset());
            }
            ts.end();
        }
        return out;
    }

    static List<String> terms(String text) throws IOException {
        List<String> out = new ArrayList<>();
        for (String t : tokens(text)) {
            if (!t.startsWith("~")) {
                out.add(t.substring(0, t.lastIndexOf('@')));
            }
        }
        return out;
    }

    @Test
    void foldsCaseAndAccents() throws IOException {
        assertEquals(List.of("fuck", "cafe", "naive"), terms("FÜCK Café naïve"));
    }

    @Test
    void foldsHomoglyphsAndFullwidth() throws IOException {
        assertEquals(List.of("fuck"), terms("fυck"));          // Greek upsilon
        assertEquals(List.of("porn"), terms("роrn"));          // Cyrillic er and o
        assertEquals(List.of("fuck"), terms("ｆｕｃｋ"));        // fullwidth
        assertEquals(List.of("fuck"), terms("𝐟𝐮𝐜𝐤"));          // mathematical bold, surrogate pairs
        assertEquals(List.of("fuck"), terms("ꜰᴜᴄᴋ"));          // small capitals
    }

    @Test
    void removesZeroWidthAndInvisibleCharacters() throws IOException {
        assertEquals(List.of("fuck@0-5"), tokens("f\u200Buck"));
        assertEquals(List.of("fuck@0-7"), tokens("f\u200Du\u2060c\uFEFFk"));
        assertEquals(List.of("fuck@0-5"), tokens("fu\u00ADck")); // soft hyphen
    }

    @Test
    void readsLeetspeakWithAmbiguousReadingsStacked() throws IOException {
        assertEquals(List.of("shit@0-4", "shlt@0-4"), tokens("sh1t"));
        assertEquals(List.of("shit"), terms("$hit"));
        assertEquals(List.of("ass"), terms("@$$"));
        assertEquals(List.of("bitch"), terms("b!tch"));
        assertTrue(terms("k1ll").contains("kill"));
        assertEquals(List.of("2024", "07700", "900123"), terms("2024 07700 900123"), "numbers stay numbers");
        assertEquals(List.of("hello"), terms("hello!"), "trailing ! is punctuation");
    }

    @Test
    void joinsSpelledOutWords() throws IOException {
        assertEquals("fuck@0-7", tokens("f u c k").get(0));
        assertEquals("fuck@0-7", tokens("f.u.c.k").get(0));
        assertEquals("fuck@0-7", tokens("f-u-c-k").get(0));
        assertEquals("shit@4-11", tokens("you $ h 1 t").get(1));
        assertEquals(List.of("u", "r"), terms("u r"), "two letters are not a spelled word");
    }

    @Test
    void squeezesRepeatedLetters() throws IOException {
        assertEquals(List.of("fuuck@0-9", "~fuck@0-9"), tokens("fuuuuuuck"));
        assertEquals(List.of("ass@0-5", "~as@0-5"), tokens("assss!"));
        assertEquals(List.of("grass@0-5", "~gras@0-5"), tokens("grass"), "doubles stay, only the squeezed reading is added");
        assertEquals(List.of("cat"), terms("cat"));
    }

    @Test
    void dropsApostrophesInsideWords() throws IOException {
        assertEquals(List.of("dont", "tell"), terms("don't tell"));
        assertEquals(List.of("dont", "tell"), terms("don’t tell"));
    }

    @Test
    void offsetsSurviveEmojiSurrogatesAndCombiningMarks() throws IOException {
        // 😀 is two UTF-16 units; e + U+0301 is a decomposed é
        String text = "😀 cafe\u0301 😀 f\u0301uck";
        List<String> toks = tokens(text);
        assertEquals("cafe@3-8", toks.get(0), "the combining accent belongs to the word");
        assertEquals("fuck@12-17", toks.get(1));
        assertEquals("f\u0301uck", text.substring(12, 17));
    }

    @Test
    void loneSurrogatesAndControlCharactersDoNotBreakTokenizing() throws IOException {
        assertEquals(List.of("a", "b"), terms("a\uD800 b\uDC00"));
        assertEquals("fuck@0-7", tokens("f\u0007u\u0007c\u0007k").get(0), "control characters separate letters");
    }

    @Test
    void veryLongWordsAreCut() throws IOException {
        String s = "a".repeat(1000);
        List<String> toks = terms(s);
        assertTrue(toks.size() > 1);
        for (String t : toks) {
            assertTrue(t.length() <= ChatTokenizer.MAX_TOKEN_LENGTH + 1);
        }
    }

    @Test
    void charFilterKeepsStartAndEndOffsetsApart() throws IOException {
        ConfusableFoldingCharFilter f = new ConfusableFoldingCharFilter(new StringReader("a\u200Bb\u0301"));
        char[] buf = new char[8];
        int n = f.read(buf, 0, 8);
        assertEquals("ab", new String(buf, 0, n));
        assertEquals(0, f.correctOffset(0));
        assertEquals(2, f.correctOffset(1));
        assertEquals(1, f.correctEndOffset(1), "the zero-width space is not part of 'a'");
        assertEquals(4, f.correctEndOffset(2), "the combining accent is part of 'b'");
    }

    @Test
    void charFilterRejectsNullReaderAtConstruction() {
        assertThrows(NullPointerException.class, () -> new ConfusableFoldingCharFilter(null));
    }

    @Test
    void positionsOfStackedReadingsAreZero() throws IOException {
        try (TokenStream ts = ANALYZER.tokenStream("f", "k1ll me")) {
            PositionIncrementAttribute inc = ts.addAttribute(PositionIncrementAttribute.class);
            List<Integer> incs = new ArrayList<>();
            ts.reset();
            while (ts.incrementToken()) {
                incs.add(inc.getPositionIncrement());
            }
            ts.end();
            assertEquals(1, incs.get(0));
            assertEquals(0, incs.get(1));
            assertEquals(1, (int) incs.get(incs.size() - 1));
        }
    }
}
