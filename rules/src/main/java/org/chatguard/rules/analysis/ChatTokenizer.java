package org.chatguard.rules.analysis;

import java.io.IOException;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * Splits folded chat text into words. Differs from {@code StandardTokenizer} in what counts as part of
 * a word, because evaders write words with symbols: {@code $hit}, {@code @ss}, {@code b!tch},
 * {@code a$$}. So {@code $} and {@code @} belong to a word when they touch a letter or digit, and
 * {@code ! | + *} belong to it only between two word characters (a trailing "!" is punctuation; the
 * asterisks of a self-censored {@code f**k} are kept for the leetspeak filter). A lone
 * {@code $} or {@code @} is a token of its own, as it may be one letter of a spelled-out word.
 * Apostrophes between letters are dropped ({@code don't} and {@code dont} are the same word). Everything
 * else (spaces, punctuation, emoji) separates words, which is what lets the spelled-out filter see
 * {@code f.u.c.k} as four letters.
 *
 * <p>Tokens longer than {@link #MAX_TOKEN_LENGTH} are cut, so a 1 MB string of letters costs linear
 * time and bounded memory per token.
 *
 * <p>The rules live in two static kernels, {@link #tokenStart} and {@link #scan}, which
 * {@link FusedChatChain} calls directly; this class only moves their results into attributes.
 */
public final class ChatTokenizer extends Tokenizer {

    public static final int MAX_TOKEN_LENGTH = 64;
    /**
     * Room a term buffer passed to {@link #scan} needs: a surrogate pair may take the last character
     * past {@link #MAX_TOKEN_LENGTH}.
     */
    public static final int MAX_TERM_CHARS = MAX_TOKEN_LENGTH + 2;

    private final CharTermAttribute termAtt = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offsetAtt = addAttribute(OffsetAttribute.class);
    private final PositionIncrementAttribute posIncAtt = addAttribute(PositionIncrementAttribute.class);

    private char[] own = new char[256];
    private char[] buf = own;
    private int len;
    private int pos;

    @Override
    public void reset() throws IOException {
        super.reset();
        len = 0;
        pos = 0;
        if (input instanceof ConfusableFoldingCharFilter f && f.isFolded()) {
            // read the folded text in place instead of copying it through Reader.read
            buf = f.folded();
            len = f.foldedLength();
            return;
        }
        buf = own;
        int n;
        while ((n = input.read(buf, len, buf.length - len)) > 0) {
            len += n;
            if (len == buf.length) {
                char[] bigger = new char[buf.length * 2];
                System.arraycopy(buf, 0, bigger, 0, len);
                buf = bigger;
                own = bigger;
            }
        }
    }

    @Override
    public boolean incrementToken() throws IOException {
        clearAttributes();
        int start = tokenStart(buf, pos, len);
        if (start >= len) {
            pos = len;
            return false;
        }
        long r = scan(buf, start, len, termAtt.resizeBuffer(MAX_TERM_CHARS));
        pos = end(r);
        termAtt.setLength(termLength(r));
        posIncAtt.setPositionIncrement(1);
        offsetAtt.setOffset(correctOffset(start), correctEnd(pos));
        return true;
    }

    private int correctEnd(int end) {
        if (input instanceof ConfusableFoldingCharFilter f) {
            return f.correctEndOffset(end);
        }
        return correctOffset(end);
    }

    @Override
    public void end() throws IOException {
        super.end();
        int finalOffset = correctOffset(len);
        offsetAtt.setOffset(finalOffset, finalOffset);
    }

    // ------------------------------------------------------------------ kernels

    /** ASCII character classes, so the common path costs one table load per character. */
    private static final byte WORD = 1;
    private static final byte EDGE = 2;
    private static final byte INNER = 3;
    private static final byte APOSTROPHE = 4;
    private static final byte BREAK = 0;
    private static final byte[] ASCII = new byte[128];

    /** Letter-or-digit for every BMP char, computed once: {@link Character#getType} per char is measurable. */
    private static final boolean[] BMP_WORD = new boolean[0x10000];

    static {
        for (int c = 0; c < 0x10000; c++) {
            BMP_WORD[c] = Character.isLetterOrDigit(c);
        }
        for (char c = 0; c < 128; c++) {
            ASCII[c] = BMP_WORD[c] ? WORD : isEdgeSymbol(c) ? EDGE : isInnerSymbol(c) ? INNER
                    : isApostrophe(c) ? APOSTROPHE : BREAK;
        }
    }

    /** Whether a code point is a word character: a letter or digit, but not an emoji or pictograph. */
    static boolean isWord(int cp) {
        if (cp < 0x10000) {
            return BMP_WORD[cp];
        }
        if (cp >= 0x1F000 && cp <= 0x1FAFF) {
            return false; // emoji and pictographs
        }
        return Character.isLetterOrDigit(cp);
    }

    /** {@code $ @}: part of a word when touching a word character, or a token of their own. */
    static boolean isEdgeSymbol(char c) {
        return c == '$' || c == '@';
    }

    /** {@code ! | + *}: part of a word only between word characters. */
    static boolean isInnerSymbol(char c) {
        return c == '!' || c == '|' || c == '+' || c == '*';
    }

    static boolean isApostrophe(char c) {
        return c == '\'' || c == '\u2019' || c == '\u02BC' || c == '`';
    }

    private static boolean wordAt(char[] b, int i, int n) {
        if (i >= n) {
            return false;
        }
        char c = b[i];
        return isWord(Character.isHighSurrogate(c) ? Character.codePointAt(b, i, n) : c);
    }

    private static boolean wordOrEdgeAt(char[] b, int i, int n) {
        return i < n && (isEdgeSymbol(b[i]) || wordAt(b, i, n));
    }

    /** Inner symbols count only when a word character follows the run of them ("f**k", not "wow!!"). */
    private static boolean wordAfterInnerRun(char[] b, int i, int n) {
        while (i < n && isInnerSymbol(b[i])) {
            i++;
        }
        return wordAt(b, i, n);
    }

    /** Index of the first character at or after {@code pos} that starts a token; {@code n} if none does. */
    static int tokenStart(char[] b, int pos, int n) {
        while (pos < n) {
            char c = b[pos];
            if (c < 128) {
                byte k = ASCII[c];
                if (k == WORD || k == EDGE) {
                    return pos;
                }
                pos++;
            } else if (wordAt(b, pos, n)) {
                return pos;
            } else {
                pos += Character.isHighSurrogate(c) && pos + 1 < n ? Character.charCount(Character.codePointAt(b, pos, n)) : 1;
            }
        }
        return n;
    }

    /**
     * Reads the token that starts at {@code start} (as found by {@link #tokenStart}) into {@code term},
     * which needs {@link #MAX_TERM_CHARS} of room.
     *
     * @return where the token ends in {@code b}, how long the term is and whether it is letters only,
     *     packed: read them with {@link #end(long)}, {@link #termLength(long)} and {@link #lettersOnly(long)}
     */
    static long scan(char[] b, int start, int n, char[] term) {
        int pos = start;
        int tl = 0;
        boolean prevWord = false;
        boolean letters = true;
        while (pos < n && tl < MAX_TOKEN_LENGTH) {
            char c = b[pos];
            byte k = c < 128 ? ASCII[c] : -1;
            if (k == WORD) {
                // the common case: an ASCII letter or digit (of which only a-z are at or above 'a')
                term[tl++] = c;
                letters &= c >= 'a';
                prevWord = true;
                pos++;
                continue;
            }
            if (k == BREAK) {
                break; // space, most punctuation
            }
            int cp = Character.isHighSurrogate(c) ? Character.codePointAt(b, pos, n) : c;
            int cn = Character.charCount(cp);
            if (k < 0 && isWord(cp)) {
                term[tl++] = c;
                if (cn == 2) {
                    term[tl++] = b[pos + 1];
                }
                prevWord = true;
                letters = false;
            } else if (isEdgeSymbol(c) && (prevWord || tl == 0 || wordOrEdgeAt(b, pos + 1, n))) {
                // a lone "$" is kept as a token too: it may be a letter of a spelled-out word ("$ h 1 t")
                term[tl++] = c;
                prevWord = true;
                letters = false;
            } else if (isInnerSymbol(c) && prevWord && wordAfterInnerRun(b, pos + 1, n)) {
                term[tl++] = c;
                letters = false;
            } else if (isApostrophe(c) && prevWord && pos + 1 < n && Character.isLetter(b[pos + 1])) {
                // dropped: "don't" == "dont"
            } else {
                break;
            }
            pos += cn;
        }
        return ((long) pos << 32) | (letters ? LETTERS_ONLY : 0) | tl;
    }

    /** Bit of {@link #scan}'s result: the term is a-z only (no leet, no symbols, nothing beyond ASCII). */
    private static final int LETTERS_ONLY = 1 << 30;

    /** The end (exclusive) in the text of a token read by {@link #scan}. */
    static int end(long scanned) {
        return (int) (scanned >>> 32);
    }

    /** The term length of a token read by {@link #scan}. */
    static int termLength(long scanned) {
        return (int) scanned & 0xFFFF;
    }

    /**
     * Whether the term of a token read by {@link #scan} is ASCII letters a-z only: the common case, which
     * lets the fused chain skip {@link LeetspeakFilter#applies} (no leet character, so never leetspeak).
     */
    static boolean lettersOnly(long scanned) {
        return ((int) scanned & LETTERS_ONLY) != 0;
    }
}
