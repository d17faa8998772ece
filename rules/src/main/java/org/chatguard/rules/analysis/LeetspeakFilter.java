package org.chatguard.rules.analysis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
 */
public final class LeetspeakFilter extends TokenFilter {

    public static final int MAX_VARIANTS = 8;

    private final CharTermAttribute termAtt = addAttribute(CharTermAttribute.class);
    private final PositionIncrementAttribute posIncAtt = addAttribute(PositionIncrementAttribute.class);

    private final List<String> pending = new ArrayList<>();
    private int pendingIndex;
    private State pendingState;

    public LeetspeakFilter(TokenStream input) {
        super(input);
    }

    /** Letters a leet character may stand for; {@code null} if it is not a leet character. */
    static String readings(char c) {
        switch (c) {
            case '0': return "o";
            case '1': return "il";
            case '3': return "e";
            case '4': return "a";
            case '5': return "s";
            case '7': return "t";
            case '8': return "b";
            case '9': return "g";
            case '$': return "s";
            case '@': return "a";
            case '!': return "i";
            case '|': return "li";
            case '+': return "t";
            case '*': return "uiao"; // self-censoring: f*ck, sh*t, b*tch, c*nt
            default: return null;
        }
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (pendingIndex < pending.size()) {
            restoreState(pendingState);
            termAtt.setEmpty().append(pending.get(pendingIndex++));
            posIncAtt.setPositionIncrement(0);
            return true;
        }
        if (!input.incrementToken()) {
            return false;
        }
        char[] t = termAtt.buffer();
        int len = termAtt.length();
        boolean letter = false;
        boolean leet = false;
        for (int i = 0; i < len; i++) {
            char c = t[i];
            if (c >= 'a' && c <= 'z' || (c > 127 && Character.isLetter(c))) {
                letter = true;
            } else if (readings(c) != null) {
                leet = true;
            }
        }
        if (!leet || (!letter && !(len >= 2 && onlySymbols(t, len)))) {
            // a word needs a real letter to be read as leet ("2024" stays a number); "@$$" is all symbols
            return true;
        }
        pending.clear();
        pendingIndex = 0;
        String src = new String(t, 0, len);
        expand(src, 0, new StringBuilder(len), pending);
        if (src.charAt(0) == '@' && len > 1 && readings(src.charAt(1)) == null && pending.size() < MAX_VARIANTS) {
            // "@name" is usually a mention; keep the bare name as a reading too
            String bare = src.substring(1);
            List<String> more = new ArrayList<>();
            expand(bare, 0, new StringBuilder(), more);
            for (String m : more) {
                if (pending.size() < MAX_VARIANTS && !pending.contains(m)) {
                    pending.add(m);
                }
            }
        }
        termAtt.setEmpty().append(pending.get(0));
        pendingIndex = 1;
        if (pending.size() > 1) {
            pendingState = captureState();
        }
        return true;
    }

    private static boolean onlySymbols(char[] t, int len) {
        for (int i = 0; i < len; i++) {
            if (t[i] != '$' && t[i] != '@') {
                return false;
            }
        }
        return true;
    }

    static void expand(String src, int i, StringBuilder sb, List<String> outList) {
        if (outList.size() >= MAX_VARIANTS) {
            return;
        }
        if (i == src.length()) {
            String s = sb.toString();
            if (!outList.contains(s)) {
                outList.add(s);
            }
            return;
        }
        char c = src.charAt(i);
        String r = readings(c);
        if (r == null) {
            sb.append(c);
            expand(src, i + 1, sb, outList);
            sb.setLength(sb.length() - 1);
            return;
        }
        for (int k = 0; k < r.length(); k++) {
            sb.append(r.charAt(k));
            expand(src, i + 1, sb, outList);
            sb.setLength(sb.length() - 1);
        }
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        pending.clear();
        pendingIndex = 0;
        pendingState = null;
    }
}
