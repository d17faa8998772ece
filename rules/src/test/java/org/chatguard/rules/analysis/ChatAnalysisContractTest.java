package org.chatguard.rules.analysis;

import java.io.IOException;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.tests.analysis.BaseTokenStreamTestCase;
import org.apache.lucene.tests.analysis.MockTokenizer;

/**
 * The analysis chain and each of its filters under Lucene's own test kit: {@code checkRandomData} drives
 * them with random text (random Unicode, surrogates, long words, a random char filter in front, reused
 * streams, readers that fail) and checks the TokenStream contract on every token: reset before use,
 * cleared attributes, offsets that never go backwards and stay inside the text, a consistent token graph
 * (tokens leaving one position share a start offset, tokens arriving share an end offset), positive first
 * position increment, and the final offset from {@code end()}.
 *
 * <p>JUnit 4 (randomizedtesting), run by the vintage engine; a failure prints the seed to replay with
 * {@code -Dtests.seed=...}.
 */
public class ChatAnalysisContractTest extends BaseTokenStreamTestCase {

    private static final String WORD = "word";
    private static final String SQ = RepeatedLetterFilter.TYPE;
    private static final String SP = SpelledOutFilter.TYPE;

    private Analyzer chain;

    @Override
    public void setUp() throws Exception {
        super.setUp();
        chain = new ChatAnalyzer();
    }

    @Override
    public void tearDown() throws Exception {
        chain.close();
        super.tearDown();
    }

    /** One filter over Lucene's whitespace {@link MockTokenizer}, which itself asserts the consumer workflow. */
    private interface Wrap {
        TokenStream over(TokenStream in);
    }

    private static Analyzer alone(Wrap filter) {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer t = new MockTokenizer(MockTokenizer.WHITESPACE, false);
                return new TokenStreamComponents(t, filter.over(t));
            }
        };
    }

    public void testRandomChatText() throws IOException {
        checkRandomData(random(), chain, 500 * RANDOM_MULTIPLIER);
    }

    public void testRandomLongText() throws IOException {
        checkRandomData(random(), chain, 20 * RANDOM_MULTIPLIER, 8192);
    }

    public void testTokenizerAloneOnRandomText() throws IOException {
        Analyzer a = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                return new TokenStreamComponents(new ChatTokenizer());
            }
        };
        checkRandomData(random(), a, 300 * RANDOM_MULTIPLIER);
        a.close();
    }

    public void testEachFilterAloneOnRandomText() throws IOException {
        for (Wrap w : new Wrap[] {LeetspeakFilter::new, SpelledOutFilter::new, RepeatedLetterFilter::new}) {
            Analyzer a = alone(w);
            checkRandomData(random(), a, 300 * RANDOM_MULTIPLIER);
            a.close();
        }
    }

    public void testEmptyAndSeparatorsOnly() throws IOException {
        assertAnalyzesTo(chain, "", new String[0]);
        assertAnalyzesTo(chain, " .!? \u200b 😀 ", new String[0]);
    }

    public void testFinalOffsetIsTheOriginalLengthWhenFoldingLeavesNothing() throws IOException {
        // a zero-width space and a lone combining mark fold to nothing; end() must still report 2
        assertTokenStreamContents(chain.tokenStream("f", "\u200b\u0301"), new String[0], null, null, 2);
        assertTokenStreamContents(chain.tokenStream("f", "ok\u200b"), new String[] {"ok"}, new int[] {0},
                new int[] {2}, 3);
    }

    public void testLeetReadingsAreStackedAndEachIsSqueezed() throws IOException {
        // "1" reads i, then l; "kill" has a doubled l, "klll" a tripled one (cut to two)
        assertAnalyzesTo(chain, "k1ll",
                new String[] {"kill", "kil", "kll", "kl"},
                new int[] {0, 0, 0, 0}, new int[] {4, 4, 4, 4},
                new String[] {WORD, SQ, WORD, SQ},
                new int[] {1, 0, 0, 0}, new int[] {1, 1, 1, 1});
    }

    public void testSpelledOutWordSpansItsLetters() throws IOException {
        assertAnalyzesTo(chain, "f.u.c.k off",
                new String[] {"fuck", "f", "u", "c", "k", "off", "of"},
                new int[] {0, 0, 2, 4, 6, 8, 8}, new int[] {7, 1, 3, 5, 7, 11, 11},
                new String[] {SP, WORD, WORD, WORD, WORD, WORD, SQ},
                new int[] {1, 0, 1, 1, 1, 1, 0}, new int[] {4, 1, 1, 1, 1, 1, 1});
    }

    public void testSpelledOutRunAlsoOffersTheWordWithoutALeadingOneLetterWord() throws IOException {
        assertAnalyzesTo(chain, "i f u c k",
                new String[] {"ifuck", "i", "fuck", "f", "u", "c", "k"},
                new int[] {0, 0, 2, 2, 4, 6, 8}, new int[] {9, 1, 9, 3, 5, 7, 9},
                new String[] {SP, WORD, SP, WORD, WORD, WORD, WORD},
                new int[] {1, 0, 1, 0, 1, 1, 1}, new int[] {5, 1, 4, 1, 1, 1, 1});
    }

    public void testOffsetsOfSurrogatePairsAndCombiningMarksPointAtTheOriginal() throws IOException {
        // math bold letters are two chars each; an emoji separates words; the accent belongs to its letter
        assertAnalyzesTo(chain, "\ud835\udc1f\ud835\udc2e\ud835\udc1c\ud835\udc24 \ud83d\ude00 fu\u0301ck",
                new String[] {"fuck", "fuck"},
                new int[] {0, 12}, new int[] {8, 17},
                new String[] {WORD, WORD},
                new int[] {1, 1}, new int[] {1, 1});
    }

    public void testStretchedWordIsCutToTwoAndSqueezed() throws IOException {
        assertAnalyzesTo(chain, "fuuuuck grass",
                new String[] {"fuuck", "fuck", "grass", "gras"},
                new int[] {0, 0, 8, 8}, new int[] {7, 7, 13, 13},
                new String[] {WORD, SQ, WORD, SQ},
                new int[] {1, 0, 1, 0}, new int[] {1, 1, 1, 1});
    }

    public void testApostropheIsDroppedAndNumbersStayNumbers() throws IOException {
        assertAnalyzesTo(chain, "don't 2024",
                new String[] {"dont", "2024"},
                new int[] {0, 6}, new int[] {5, 10},
                new String[] {WORD, WORD},
                new int[] {1, 1}, new int[] {1, 1});
    }
}
