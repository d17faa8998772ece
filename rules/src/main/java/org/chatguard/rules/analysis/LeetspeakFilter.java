package org.chatguard.rules.analysis;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * Reads leetspeak back into letters: {@code sh1t}, {@code $hit}, {@code b@stard}, {@code a55}, and the
 * asterisks of self-censored words ({@code f*ck}, {@code sh*t}).
 *
 * <p>Only words that already contain a letter are touched, so numbers such as {@code 2024} or a phone
 * number stay numbers. Where a symbol is ambiguous ({@code 1} is i or l, a leading {@code @} is a
 * mention or an a) the first reading replaces the token and the others are stacked at the same
 * position, at most {@link #MAX_VARIANTS} in all, so {@code k1ll} yields {@code kiil} and {@code kill}.
 *
 * <p>The rules are the static kernels {@link #readings}, {@link #applies} and
 * {@link #expand(char[], int, Variants)}, which {@link FusedChatChain} and {@link SpelledOutFilter} call
 * too.
 */
public final class LeetspeakFilter extends TokenFilter {

    public static final int MAX_VARIANTS = 8;

    private final CharTermAttribute termAtt = addAttribute(CharTermAttribute.class);
    private final PositionIncrementAttribute posIncAtt = addAttribute(PositionIncrementAttribute.class);

    private final Variants variants = new Variants();
    private int next;
    private State state;

    public LeetspeakFilter(TokenStream input) {
        super(input);
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (next < variants.count) {
            restoreState(state);
            termAtt.copyBuffer(variants.term(next), 0, variants.length(next));
            next++;
            posIncAtt.setPositionIncrement(0);
            return true;
        }
        if (!input.incrementToken()) {
            return false;
        }
        variants.count = 0;
        next = 0;
        if (!applies(termAtt.buffer(), termAtt.length())) {
            return true;
        }
        expand(termAtt.buffer(), termAtt.length(), variants);
        termAtt.copyBuffer(variants.term(0), 0, variants.length(0));
        next = 1;
        if (variants.count > 1) {
            state = captureState();
        }
        return true;
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        variants.count = 0;
        next = 0;
        state = null;
    }

    // ------------------------------------------------------------------ kernels

    private static final String[] ASCII_READINGS = new String[128];

    private static final byte LETTER = 1;
    private static final byte LEET = 2;
    /** Per ASCII character: {@link #LETTER} (a-z) and/or {@link #LEET}; or-ed without branches in {@link #applies}. */
    private static final byte[] ASCII_CLASS = new byte[128];

    static {
        String[] table = {
            "0o", "1il", "3e", "4a", "5s", "7t", "8b", "9g", "$s", "@a", "!i", "|li", "+t",
            "*uiao", // self-censoring: f*ck, sh*t, b*tch, c*nt
        };
        for (String r : table) {
            ASCII_READINGS[r.charAt(0)] = r.substring(1);
        }
        for (char c = 0; c < 128; c++) {
            ASCII_CLASS[c] = (byte) ((c >= 'a' && c <= 'z' ? LETTER : 0) | (ASCII_READINGS[c] != null ? LEET : 0));
        }
    }

    /** Letters a leet character may stand for, the likeliest first; {@code null} if it is not a leet character. */
    static String readings(char c) {
        return c < 128 ? ASCII_READINGS[c] : null;
    }

    /**
     * Whether a term is read as leetspeak: it has a leet character and a real letter ("2024" stays a
     * number), or it is two or more of {@code $ @} and nothing else ("@$$").
     */
    static boolean applies(char[] t, int len) {
        int cls = 0;
        for (int i = 0; i < len; i++) {
            char c = t[i];
            if (c < 128) {
                cls |= ASCII_CLASS[c];
            } else if (Character.isLetter(c)) {
                cls |= LETTER;
            }
        }
        return (cls & LEET) != 0 && ((cls & LETTER) != 0 || (len >= 2 && onlySymbols(t, len)));
    }

    private static boolean onlySymbols(char[] t, int len) {
        for (int i = 0; i < len; i++) {
            if (t[i] != '$' && t[i] != '@') {
                return false;
            }
        }
        return true;
    }

    /**
     * Every reading of a term, in order (the first reading of each character first), without duplicates,
     * at most {@link #MAX_VARIANTS}; a leading {@code @} before a plain character is also read as a
     * mention, adding the readings of the bare name.
     */
    static void expand(char[] t, int len, Variants out) {
        out.count = 0;
        out.ensure(len);
        expand(t, 0, len, 0, out);
        if (t[0] == '@' && len > 1 && readings(t[1]) == null && out.count < MAX_VARIANTS) {
            // "@name" is usually a mention; keep the bare name as a reading too. Its readings are one
            // character shorter than those above, so none of them is a duplicate of one of those.
            expand(t, 1, len, 0, out);
        }
    }

    /** Depth first over the readings of {@code t[i..to)}, {@code w} characters of the reading written so far. */
    private static void expand(char[] t, int i, int to, int w, Variants out) {
        if (out.count >= MAX_VARIANTS) {
            return;
        }
        char[] sb = out.scratch;
        if (i == to) {
            out.addScratch(w);
            return;
        }
        char c = t[i];
        String r = readings(c);
        if (r == null) {
            sb[w] = c;
            expand(t, i + 1, to, w + 1, out);
            return;
        }
        for (int k = 0; k < r.length(); k++) {
            sb[w] = r.charAt(k);
            expand(t, i + 1, to, w + 1, out);
        }
    }

    /** The readings {@link #expand} found; reused across terms. */
    static final class Variants {
        private char[][] terms = new char[MAX_VARIANTS][ChatTokenizer.MAX_TERM_CHARS];
        private final int[] lengths = new int[MAX_VARIANTS];
        private char[] scratch = new char[ChatTokenizer.MAX_TERM_CHARS];
        int count;

        char[] term(int i) {
            return terms[i];
        }

        int length(int i) {
            return lengths[i];
        }

        private void ensure(int len) {
            if (scratch.length < len) {
                scratch = new char[len];
                for (int i = 0; i < MAX_VARIANTS; i++) {
                    terms[i] = new char[len];
                }
            }
        }

        private void addScratch(int len) {
            for (int i = 0; i < count; i++) {
                if (Arrays.equals(terms[i], 0, lengths[i], scratch, 0, len)) {
                    return;
                }
            }
            System.arraycopy(scratch, 0, terms[count], 0, len);
            lengths[count++] = len;
        }
    }
}
