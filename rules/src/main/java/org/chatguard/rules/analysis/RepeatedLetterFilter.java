package org.chatguard.rules.analysis;

import java.io.IOException;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionLengthAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;
import org.apache.lucene.util.ArrayUtil;

/**
 * Handles stretched words ({@code fuuuuck}, {@code assssss}, {@code kiiiill}). Letters repeated three or
 * more times are cut to two in the token itself (English never triples a letter, so {@code assss}
 * becomes {@code ass} but {@code grass} is untouched), and when the word has any doubled letter a
 * "squeezed" reading with every run cut to one letter is stacked after it, typed {@link #TYPE}.
 *
 * <p>A squeezed reading must only be compared with squeezed dictionary words, never with plain ones:
 * {@code as} is not {@code ass}, but {@code asss} squeezed ({@code as}) is {@code ass} squeezed. The
 * matcher keeps the two dictionaries apart for that reason.
 *
 * <p>The rules are the static kernels {@link #repeats}, {@link #cutToTwo} and
 * {@link #squeeze(char[], int, char[])}, which {@link FusedChatChain} and the rule pack index call too.
 */
public final class RepeatedLetterFilter extends TokenFilter {

    public static final String TYPE = "squeezed";

    private final CharTermAttribute termAtt = addAttribute(CharTermAttribute.class);
    private final PositionIncrementAttribute posIncAtt = addAttribute(PositionIncrementAttribute.class);
    private final TypeAttribute typeAtt = addAttribute(TypeAttribute.class);
    private final OffsetAttribute offsetAtt = addAttribute(OffsetAttribute.class);
    private final PositionLengthAttribute posLenAtt = addAttribute(PositionLengthAttribute.class);

    private char[] squeezed = new char[ChatTokenizer.MAX_TERM_CHARS];
    private int squeezedLength;
    // the squeezed reading to stack next; kept as fields, not a captured state: doubled letters are common
    private boolean pending;
    private int pendingStart;
    private int pendingEnd;
    private int pendingPosLen;

    public RepeatedLetterFilter(TokenStream input) {
        super(input);
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (pending) {
            pending = false;
            clearAttributes();
            termAtt.copyBuffer(squeezed, 0, squeezedLength);
            offsetAtt.setOffset(pendingStart, pendingEnd);
            posIncAtt.setPositionIncrement(0);
            posLenAtt.setPositionLength(pendingPosLen);
            typeAtt.setType(TYPE);
            return true;
        }
        if (!input.incrementToken()) {
            return false;
        }
        char[] t = termAtt.buffer();
        int len = termAtt.length();
        int repeats = repeats(t, len);
        if (repeats == 0) {
            return true;
        }
        squeezed = ArrayUtil.grow(squeezed, len);
        squeezedLength = squeeze(t, len, squeezed);
        if (repeats == TRIPLED) {
            termAtt.setLength(cutToTwo(t, len));
        }
        pending = true;
        pendingStart = offsetAtt.startOffset();
        pendingEnd = offsetAtt.endOffset();
        pendingPosLen = posLenAtt.getPositionLength();
        return true;
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        pending = false;
    }

    // ------------------------------------------------------------------ kernels

    /** {@link #repeats}: some letter is doubled, none tripled. */
    static final int DOUBLED = 1;
    /** {@link #repeats}: some letter is repeated three times or more. */
    static final int TRIPLED = 2;

    private static boolean isLetter(char c) {
        return c < 128 ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') : Character.isLetter(c);
    }

    /** 0 if no letter repeats, else {@link #DOUBLED} or {@link #TRIPLED}. */
    static int repeats(char[] t, int len) {
        int found = 0;
        for (int i = 1; i < len; i++) {
            char c = t[i];
            if (c == t[i - 1] && isLetter(c)) {
                if (i >= 2 && t[i - 2] == c) {
                    return TRIPLED;
                }
                found = DOUBLED;
            }
        }
        return found;
    }

    /** Cuts every run of three or more of one letter to two, in place; returns the new length. */
    static int cutToTwo(char[] t, int len) {
        int w = 0;
        for (int i = 0; i < len; i++) {
            char c = t[i];
            if (w >= 2 && c == t[w - 1] && c == t[w - 2] && isLetter(c)) {
                continue;
            }
            t[w++] = c;
        }
        return w;
    }

    /** Writes {@code t} with every run of one repeated letter cut to a single letter; returns its length. */
    static int squeeze(char[] t, int len, char[] out) {
        int w = 0;
        for (int i = 0; i < len; i++) {
            char c = t[i];
            if (i > 0 && c == t[i - 1] && isLetter(c)) {
                continue;
            }
            out[w++] = c;
        }
        return w;
    }

    /** {@link #cutToTwo(char[], int)} of a string, for dictionary words (rule packs are read like messages). */
    public static String cutToTwo(String s) {
        char[] t = s.toCharArray();
        return new String(t, 0, cutToTwo(t, t.length));
    }

    /** {@link #squeeze(char[], int, char[])} of a string, for dictionary words. */
    public static String squeeze(String s) {
        char[] t = s.toCharArray();
        char[] out = new char[t.length];
        return new String(out, 0, squeeze(t, t.length, out));
    }
}
