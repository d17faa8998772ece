package org.chatguard.rules.analysis;

import java.io.IOException;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionLengthAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;

/**
 * Handles stretched words ({@code fuuuuck}, {@code assssss}, {@code kiiiill}). Letters repeated three or
 * more times are cut to two in the token itself (English never triples a letter, so {@code assss}
 * becomes {@code ass} but {@code grass} is untouched), and when the word has any doubled letter a
 * "squeezed" reading with every run cut to one letter is stacked after it, typed {@link #TYPE}.
 *
 * <p>A squeezed reading must only be compared with squeezed dictionary words, never with plain ones:
 * {@code as} is not {@code ass}, but {@code asss} squeezed ({@code as}) is {@code ass} squeezed. The
 * matcher keeps the two dictionaries apart for that reason.
 */
public final class RepeatedLetterFilter extends TokenFilter {

    public static final String TYPE = "squeezed";

    private final CharTermAttribute termAtt = addAttribute(CharTermAttribute.class);
    private final PositionIncrementAttribute posIncAtt = addAttribute(PositionIncrementAttribute.class);
    private final TypeAttribute typeAtt = addAttribute(TypeAttribute.class);
    private final OffsetAttribute offsetAtt = addAttribute(OffsetAttribute.class);
    private final PositionLengthAttribute posLenAtt = addAttribute(PositionLengthAttribute.class);

    private final StringBuilder squeezed = new StringBuilder();
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
            termAtt.setEmpty().append(squeezed);
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
        boolean doubled = false;
        boolean tripled = false;
        for (int i = 1; i < len; i++) {
            if (t[i] == t[i - 1] && isLetter(t[i])) {
                doubled = true;
                if (i >= 2 && t[i - 2] == t[i]) {
                    tripled = true;
                }
            }
        }
        if (!doubled) {
            return true;
        }
        squeeze(t, len, squeezed);
        if (tripled) {
            int w = 0;
            for (int i = 0; i < len; i++) {
                if (i >= 2 && t[i] == t[w - 1] && t[i] == t[w - 2] && Character.isLetter(t[i])) {
                    continue;
                }
                t[w++] = t[i];
            }
            termAtt.setLength(w);
        }
        pending = true;
        pendingStart = offsetAtt.startOffset();
        pendingEnd = offsetAtt.endOffset();
        pendingPosLen = posLenAtt.getPositionLength();
        return true;
    }

    private static boolean isLetter(char c) {
        return c < 128 ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') : Character.isLetter(c);
    }

    /** Every run of one repeated letter cut to a single letter. */
    public static void squeeze(char[] t, int len, StringBuilder out) {
        out.setLength(0);
        for (int i = 0; i < len; i++) {
            if (i > 0 && t[i] == t[i - 1] && Character.isLetter(t[i])) {
                continue;
            }
            out.append(t[i]);
        }
    }

    public static String squeeze(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        squeeze(s.toCharArray(), s.length(), sb);
        return sb.toString();
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        pending = false;
    }
}
