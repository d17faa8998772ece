package org.chatguard.rules.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * The token stream of {@link ChatAnalyzer} ({@link ChatTokenizer} → {@link LeetspeakFilter} →
 * {@link SpelledOutFilter} → {@link RepeatedLetterFilter}) computed in one loop and pushed to a
 * {@link Sink}, for the moderation engine's hot path. It produces exactly the tokens of the Lucene chain
 * (same terms, offsets, position increments and lengths, squeezed flags, in the same order) without
 * attributes, captured states or per-token objects: a plain word costs one scan and one sink call.
 *
 * <p>The Lucene filters stay the reference implementation and the public API; {@code FusedChatChainTest}
 * compares the two on evasions, perturbed chat lines and random text. A change to a filter must be made
 * here too.
 *
 * <p>Not thread-safe: one instance per thread, reused across messages.
 */
public final class FusedChatChain {

    /** Receives the tokens of one message, in stream order. */
    public interface Sink {
        /**
         * @param squeezed whether this is a {@link RepeatedLetterFilter#TYPE} reading
         * @param term     the term characters; only valid during the call
         * @param hash     {@link #hash} of the term, computed on the way
         */
        void token(int posInc, int posLen, int start, int end, boolean squeezed, char[] term, int len, int hash);
    }

    private static final int MAX = ChatTokenizer.MAX_TOKEN_LENGTH;

    /** The hash passed with each token: {@code String.hashCode} of the term. */
    public static int hash(char[] term, int len) {
        int h = 0;
        for (int i = 0; i < len; i++) {
            h = 31 * h + term[i];
        }
        return h;
    }

    private ConfusableFoldingCharFilter cf;
    private Sink sink;
    private char[] buf;
    private int len;

    private final char[] raw = new char[MAX + 2];
    // leetspeak
    private final List<String> variants = new ArrayList<>();
    private char[] variant = new char[MAX + 2];
    // spelled-out runs
    private final char[] runChar = new char[MAX];
    private final int[] runStart = new int[MAX];
    private final int[] runEnd = new int[MAX];
    private final int[] runPosInc = new int[MAX];
    private int runLen;
    private final char[] joined = new char[MAX];
    private int joinedLen;
    private final char[] single = new char[1];
    // repeated letters
    private char[] squeezed = new char[MAX + 2];

    /** Tokenizes the folded text of {@code folder} (made by {@link ConfusableFoldingCharFilter#of}). */
    public void run(ConfusableFoldingCharFilter folder, Sink out) {
        this.cf = folder;
        this.sink = out;
        this.buf = folder.folded();
        this.len = folder.foldedLength();
        this.runLen = 0;
        try {
            tokenize();
            if (runLen > 0) {
                flushRun();
            }
        } finally {
            this.cf = null;
            this.sink = null;
            this.buf = null;
        }
    }

    // ---------------------------------------------------------------- ChatTokenizer

    private boolean wordAt(int i) {
        if (i >= len) {
            return false;
        }
        char c = buf[i];
        return ChatTokenizer.isWord(Character.isHighSurrogate(c) ? Character.codePointAt(buf, i, len) : c);
    }

    private boolean wordOrEdgeAt(int i) {
        return i < len && (isEdgeSymbol(buf[i]) || wordAt(i));
    }

    private boolean wordAfterInnerRun(int i) {
        while (i < len && isInnerSymbol(buf[i])) {
            i++;
        }
        return wordAt(i);
    }

    private static boolean isEdgeSymbol(char c) {
        return c == '$' || c == '@';
    }

    private static boolean isInnerSymbol(char c) {
        return c == '!' || c == '|' || c == '+' || c == '*';
    }

    private static boolean isApostrophe(char c) {
        return c == '\'' || c == '\u2019' || c == '\u02BC' || c == '`';
    }

    private void tokenize() {
        final char[] b = buf;
        final int n = len;
        final char[] term = raw;
        final int[] starts = cf.startsArray();
        final int[] ends = cf.endsArray();
        int pos = 0;
        while (true) {
            while (pos < n) {
                char c = b[pos];
                if (c < 128) {
                    if (ASCII_WORD[c] || isEdgeSymbol(c)) {
                        break;
                    }
                    pos++;
                    continue;
                }
                if (wordAt(pos)) {
                    break;
                }
                pos += Character.isHighSurrogate(c) && pos + 1 < n ? Character.charCount(Character.codePointAt(b, pos, n)) : 1;
            }
            if (pos >= n) {
                return;
            }
            int start = pos;
            int tl = 0;
            boolean prevWord = false;
            // what LeetspeakFilter looks for, gathered on the way for ASCII; anything else is rescanned there
            boolean letter = false;
            boolean leet = false;
            boolean ascii = true;
            while (pos < n && tl < MAX) {
                char c = b[pos];
                if (c < 128 && ASCII_WORD[c]) {
                    // the common case: a letter or digit
                    term[tl++] = c;
                    if (c >= 'a' && c <= 'z') {
                        letter = true;
                    } else if (ASCII_LEET[c]) {
                        leet = true;
                    }
                    prevWord = true;
                    pos++;
                    continue;
                }
                if (c < 128 && ASCII_BREAK[c]) {
                    break; // space, most punctuation
                }
                ascii &= c < 128;
                int cp = Character.isHighSurrogate(c) ? Character.codePointAt(b, pos, n) : c;
                int cn = Character.charCount(cp);
                if (ChatTokenizer.isWord(cp)) {
                    term[tl++] = c;
                    if (cn == 2) {
                        term[tl++] = b[pos + 1];
                    }
                    prevWord = true;
                } else if (isEdgeSymbol(c) && (prevWord || tl == 0 || wordOrEdgeAt(pos + 1))) {
                    term[tl++] = c;
                    leet = true;
                    prevWord = true;
                } else if (isInnerSymbol(c) && prevWord && wordAfterInnerRun(pos + 1)) {
                    term[tl++] = c;
                    leet = true;
                } else if (isApostrophe(c) && prevWord && pos + 1 < n && Character.isLetter(b[pos + 1])) {
                    // dropped: "don't" == "dont"
                } else {
                    break;
                }
                pos += cn;
            }
            // cf.correctOffset(start) and cf.correctEndOffset(pos): 0 <= start < pos <= len here
            int so = starts[start];
            int eo = ends[pos - 1];
            if (ascii && (!leet || (!letter && !(tl >= 2 && onlySymbols(term, tl))))) {
                spell(term, tl, 1, so, eo); // no leetspeak reading
            } else {
                leet(term, tl, so, eo);
            }
        }
    }

    /** ASCII letters and digits ({@link ChatTokenizer#isWord} below 128). */
    private static final boolean[] ASCII_WORD = new boolean[128];
    /** ASCII characters other than a-z with a leetspeak reading. */
    private static final boolean[] ASCII_LEET = new boolean[128];
    /** ASCII characters that always end a token: not a word character, symbol or apostrophe. */
    private static final boolean[] ASCII_BREAK = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_BREAK[c] = !ChatTokenizer.isWord(c) && !isEdgeSymbol(c) && !isInnerSymbol(c) && !isApostrophe(c);
            ASCII_WORD[c] = ChatTokenizer.isWord(c);
            ASCII_LEET[c] = !(c >= 'a' && c <= 'z') && LeetspeakFilter.readings(c) != null;
        }
    }

    // ---------------------------------------------------------------- LeetspeakFilter

    private void leet(char[] t, int tl, int start, int end) {
        boolean letter = false;
        boolean leet = false;
        for (int i = 0; i < tl; i++) {
            char c = t[i];
            if (c >= 'a' && c <= 'z' || (c > 127 && Character.isLetter(c))) {
                letter = true;
            } else if (LeetspeakFilter.readings(c) != null) {
                leet = true;
            }
        }
        if (!leet || (!letter && !(tl >= 2 && onlySymbols(t, tl)))) {
            spell(t, tl, 1, start, end);
            return;
        }
        variants.clear();
        String src = new String(t, 0, tl);
        LeetspeakFilter.expand(src, 0, new StringBuilder(tl), variants);
        if (src.charAt(0) == '@' && tl > 1 && LeetspeakFilter.readings(src.charAt(1)) == null
                && variants.size() < LeetspeakFilter.MAX_VARIANTS) {
            String bare = src.substring(1);
            List<String> more = new ArrayList<>();
            LeetspeakFilter.expand(bare, 0, new StringBuilder(), more);
            for (String m : more) {
                if (variants.size() < LeetspeakFilter.MAX_VARIANTS && !variants.contains(m)) {
                    variants.add(m);
                }
            }
        }
        for (int k = 0; k < variants.size(); k++) {
            String v = variants.get(k);
            int vl = v.length();
            if (variant.length < vl) {
                variant = new char[vl];
            }
            v.getChars(0, vl, variant, 0);
            spell(variant, vl, k == 0 ? 1 : 0, start, end);
        }
    }

    private static boolean onlySymbols(char[] t, int len) {
        for (int i = 0; i < len; i++) {
            if (t[i] != '$' && t[i] != '@') {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- SpelledOutFilter

    private static boolean isSingle(char[] t, int tl, int posInc) {
        if (tl == 1 && posInc > 0) {
            char c = t[0];
            return Character.isLetterOrDigit(c) || LeetspeakFilter.readings(c) != null;
        }
        return false;
    }

    private void spell(char[] t, int tl, int posInc, int start, int end) {
        if (runLen > 0) {
            if (isSingle(t, tl, posInc) && runLen < MAX) {
                push(t[0], posInc, start, end);
                return;
            }
            // the token that ends a run is emitted as it is, after the run (SpelledOutFilter's lookahead)
            flushRun();
            repeated(t, tl, posInc, 1, start, end);
            return;
        }
        if (isSingle(t, tl, posInc)) {
            push(t[0], posInc, start, end);
            return;
        }
        repeated(t, tl, posInc, 1, start, end);
    }

    private void push(char c, int posInc, int start, int end) {
        runChar[runLen] = c;
        runStart[runLen] = start;
        runEnd[runLen] = end;
        runPosInc[runLen] = posInc;
        runLen++;
    }

    private void flushRun() {
        int n = runLen;
        runLen = 0;
        if (n >= SpelledOutFilter.MIN_RUN && buildJoined(0, n)) {
            repeated(joined, joinedLen, runPosInc[0], n, runStart[0], runEnd[n - 1]);
            boolean head = n > SpelledOutFilter.MIN_RUN && isOneLetterWord(runChar[n - 1]) && buildJoined(0, n - 1);
            if (head) {
                repeated(joined, joinedLen, 0, n - 1, runStart[0], runEnd[n - 2]);
            }
            single(0, 0);
            boolean tail = n > SpelledOutFilter.MIN_RUN && isOneLetterWord(runChar[0]) && buildJoined(1, n);
            if (tail) {
                repeated(joined, joinedLen, runPosInc[1], n - 1, runStart[1], runEnd[n - 1]);
            }
            for (int i = 1; i < n; i++) {
                single(i, i == 1 && tail ? 0 : runPosInc[i]);
            }
        } else {
            for (int i = 0; i < n; i++) {
                single(i, runPosInc[i]);
            }
        }
    }

    private void single(int i, int posInc) {
        single[0] = runChar[i];
        repeated(single, 1, posInc, 1, runStart[i], runEnd[i]);
    }

    private static boolean isOneLetterWord(char c) {
        return c == 'i' || c == 'a' || c == 'u';
    }

    private boolean buildJoined(int from, int to) {
        int w = 0;
        int letters = 0;
        for (int i = from; i < to; i++) {
            char c = runChar[i];
            String r = Character.isLetter(c) ? null : LeetspeakFilter.readings(c);
            if (r != null) {
                joined[w++] = r.charAt(0);
            } else {
                joined[w++] = c;
                if (Character.isLetter(c)) {
                    letters++;
                }
            }
        }
        joinedLen = w;
        return letters >= 2;
    }

    // ---------------------------------------------------------------- RepeatedLetterFilter

    private static boolean isLetter(char c) {
        return c < 128 ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') : Character.isLetter(c);
    }

    /** Emits a token, trimming tripled letters in place and stacking its squeezed reading if any. */
    private void repeated(char[] t, int tl, int posInc, int posLen, int start, int end) {
        boolean doubled = false;
        boolean tripled = false;
        int h = tl > 0 ? t[0] : 0;
        for (int i = 1; i < tl; i++) {
            char c = t[i];
            h = 31 * h + c;
            if (c == t[i - 1] && isLetter(c)) {
                doubled = true;
                if (i >= 2 && t[i - 2] == c) {
                    tripled = true;
                }
            }
        }
        if (!doubled) {
            sink.token(posInc, posLen, start, end, false, t, tl, h);
            return;
        }
        if (squeezed.length < tl) {
            squeezed = new char[tl];
        }
        int sl = 0;
        for (int i = 0; i < tl; i++) {
            if (i > 0 && t[i] == t[i - 1] && Character.isLetter(t[i])) {
                continue;
            }
            squeezed[sl++] = t[i];
        }
        int w = tl;
        if (tripled) {
            w = 0;
            for (int i = 0; i < tl; i++) {
                if (i >= 2 && t[i] == t[w - 1] && t[i] == t[w - 2] && Character.isLetter(t[i])) {
                    continue;
                }
                t[w++] = t[i];
            }
        }
        sink.token(posInc, posLen, start, end, false, t, w, tripled ? hash(t, w) : h);
        sink.token(0, posLen, start, end, true, squeezed, sl, hash(squeezed, sl));
    }
}
