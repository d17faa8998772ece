package org.chatguard.rules.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The static kernels the filters and {@link FusedChatChain} share, called directly: a kernel that is
 * wrong the same way in both chains would pass {@code FusedChatChainTest}, so its results are pinned here.
 */
class AnalysisKernelsTest {

    @Test
    void squeezeOfADictionaryWordCutsEveryRunToOneLetter() {
        assertEquals("bobies", RepeatedLetterFilter.squeeze("boobies"));
        assertEquals("pusy", RepeatedLetterFilter.squeeze("pussy"));
        assertEquals("a11", RepeatedLetterFilter.squeeze("aa11"), "digits are not letters");
        assertEquals("", RepeatedLetterFilter.squeeze(""));
    }

    @Test
    void repeatsAndCutToTwo() {
        assertEquals(0, RepeatedLetterFilter.repeats("grasp".toCharArray(), 5));
        assertEquals(RepeatedLetterFilter.DOUBLED, RepeatedLetterFilter.repeats("grass".toCharArray(), 5));
        assertEquals(RepeatedLetterFilter.TRIPLED, RepeatedLetterFilter.repeats("asss".toCharArray(), 4));
        assertEquals(0, RepeatedLetterFilter.repeats("1000".toCharArray(), 4));
        char[] t = "fuuuuckkk".toCharArray();
        assertEquals("fuuckk", new String(t, 0, RepeatedLetterFilter.cutToTwo(t, t.length)));
        assertEquals("fuuckk", RepeatedLetterFilter.cutToTwo("fuuuuckkk"), "the string form, for rule words");
        assertEquals("1000", RepeatedLetterFilter.cutToTwo("1000"), "digits are not letters");
    }

    private static List<String> readings(String term) {
        LeetspeakFilter.Variants v = new LeetspeakFilter.Variants();
        char[] t = term.toCharArray();
        if (!LeetspeakFilter.applies(t, t.length)) {
            return List.of();
        }
        LeetspeakFilter.expand(t, t.length, v);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.count; i++) {
            out.add(new String(v.term(i), 0, v.length(i)));
        }
        return out;
    }

    @Test
    void leetReadingsInOrderCappedAndWithTheMentionReading() {
        assertEquals(List.of("kill", "klll"), readings("k1ll"));
        assertEquals(List.of(), readings("2024"), "numbers stay numbers");
        assertEquals(List.of("ass"), readings("@$$"), "symbols only, two or more");
        assertEquals(List.of("aname", "name"), readings("@name"));
        assertEquals(List.of("fuck", "fick", "fack", "fock"), readings("f*ck"));
        assertEquals(LeetspeakFilter.MAX_VARIANTS, readings("s*1*1*k").size(), "eight at most");
    }

    @Test
    void tokenizerCharacterClasses() {
        char[] b = "  b!tch wow!! $ don't".toCharArray();
        char[] term = new char[ChatTokenizer.MAX_TERM_CHARS];
        List<String> tokens = new ArrayList<>();
        int pos = 0;
        while ((pos = ChatTokenizer.tokenStart(b, pos, b.length)) < b.length) {
            long r = ChatTokenizer.scan(b, pos, b.length, term);
            tokens.add(new String(term, 0, ChatTokenizer.termLength(r)) + "@" + pos + "-" + ChatTokenizer.end(r));
            pos = ChatTokenizer.end(r);
        }
        assertEquals(List.of("b!tch@2-7", "wow@8-11", "$@14-15", "dont@16-21"), tokens);
        assertTrue(ChatTokenizer.isWord('é'));
        assertFalse(ChatTokenizer.isWord(0x1F600), "emoji separate words");
    }

    /** The fused chain skips the leet check on letters-only terms: the flag must never be set on a term leet could read. */
    @Test
    void lettersOnlyFlagOfScanMeansNoLeetReading() {
        char[] term = new char[ChatTokenizer.MAX_TERM_CHARS];
        for (String word : List.of("hello", "dont", "don't", "sh1t", "b!tch", "$hit", "a$$", "café", "2024", "x", "ab12", "f**k")) {
            char[] b = word.toCharArray();
            long r = ChatTokenizer.scan(b, ChatTokenizer.tokenStart(b, 0, b.length), b.length, term);
            int len = ChatTokenizer.termLength(r);
            boolean az = new String(term, 0, len).chars().allMatch(c -> c >= 'a' && c <= 'z');
            assertEquals(az, ChatTokenizer.lettersOnly(r), word);
            if (ChatTokenizer.lettersOnly(r)) {
                assertFalse(LeetspeakFilter.applies(term, len), word);
            }
        }
        char[] longWord = "a".repeat(200).toCharArray();
        long r = ChatTokenizer.scan(longWord, 0, longWord.length, term);
        assertEquals(ChatTokenizer.MAX_TOKEN_LENGTH, ChatTokenizer.termLength(r), "the flag does not leak into the length");
        assertTrue(ChatTokenizer.lettersOnly(r));
    }
}
