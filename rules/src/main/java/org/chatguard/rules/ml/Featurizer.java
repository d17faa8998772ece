package org.chatguard.rules.ml;

import java.util.Arrays;
import org.chatguard.rules.analysis.ConfusableFoldingCharFilter;
import org.chatguard.rules.analysis.FusedChatChain;

/**
 * Turns the analyzer's tokens of one message into hashed feature buckets: word unigrams, word bigrams
 * and character 3-5-grams of each term (with word-boundary marks, fastText style). It is a
 * {@link FusedChatChain.Sink}, so the engine feeds it the same token stream the rules read, in the same
 * pass: leetspeak readings, folded look-alikes and joined spelled-out letters arrive already normalised
 * and become the same features as the plain word.
 *
 * <p>Two feature groups are kept apart (words+bigrams, character n-grams) because the model normalises
 * each group by the square root of its size: long texts do not get larger scores, and a 3-word message
 * is not drowned by its character n-grams.
 *
 * <p>For explanations every feature remembers the token it came from (a bigram: its second word; the
 * first is the token before). With {@link #recordTerms} on, the normalised term of each token is kept too;
 * the engine turns that on only to explain a flag, so the hot path keeps no strings.
 *
 * <p>Not thread-safe: one per thread, reused across messages.
 */
public final class Featurizer implements FusedChatChain.Sink {

    public static final byte WORD = 0;
    public static final byte BIGRAM = 1;
    public static final byte CHAR = 2;

    static final int MIN_N = 3;
    static final int MAX_N = 5;

    private final int shift;

    int size;
    int[] bucket = new int[256];
    byte[] kind = new byte[256];
    int[] token = new int[256];
    int wordCount;
    int charCount;

    int tokens;
    /** Word positions (stacked readings count once). */
    int positions;
    int[] tokStart = new int[32];
    int[] tokEnd = new int[32];
    /** Token index of the first reading at the previous position (bigram's first word), -1 none. */
    int[] tokPrev = new int[32];
    String[] terms = new String[32];
    boolean recordTerms;

    /** End offset of the last spelled-out word joined from single letters ("n o t i c e"); its letters follow it. */
    private int joinedEnd = -1;
    private int lastPosToken = -1;
    private int posFirstToken = -1;
    private int prevHash;
    private int curHash;

    private final ConfusableFoldingCharFilter folder = ConfusableFoldingCharFilter.of("");
    private final FusedChatChain chain = new FusedChatChain();

    /** @param bits log2 of the number of buckets */
    public Featurizer(int bits) {
        if (bits < 8 || bits > 26) {
            throw new IllegalArgumentException("bits must be 8..26: " + bits);
        }
        this.shift = 32 - bits;
    }

    public void clear() {
        size = 0;
        wordCount = 0;
        charCount = 0;
        tokens = 0;
        positions = 0;
        joinedEnd = -1;
        lastPosToken = -1;
        posFirstToken = -1;
    }

    /** Featurises {@code text} on its own (training, eval, explanations): folding and the analysis chain here. */
    public Featurizer of(String text) {
        clear();
        chain.run(folder.reset(text), this);
        return this;
    }

    public int size() {
        return size;
    }

    /** How many words the message has (stacked readings of one word count once). */
    public int words() {
        return positions;
    }

    @Override
    public void token(int posInc, int posLen, int start, int end, boolean squeezed, char[] term, int len, int hash) {
        if (posLen > 1) {
            joinedEnd = end;
        } else if (len == 1 && start < joinedEnd) {
            // a letter of a word spelled out: the chain also emits the letters one by one (the rules need them);
            // to the model "n o t i c e" is "notice", so an evasion changes no feature
            return;
        }
        if (squeezed) {
            return; // the chain's squeezed reading: every term is squeezed below anyway
        }
        // Letters repeated in a row count once ("good" and "gooood" are "god", "cannnt" is "cant"): stretching is a
        // common evasion and the chain's readings of it ("cannt" cut to two, "cant" squeezed) would otherwise be
        // two unfamiliar words; a few real pairs ("good"/"god") share features, which the context disambiguates.
        len = squeeze(term, len);
        term = sq;
        hash = FusedChatChain.hash(term, len);
        int t = tokens++;
        if (t == tokStart.length) {
            int n = t * 2;
            tokStart = Arrays.copyOf(tokStart, n);
            tokEnd = Arrays.copyOf(tokEnd, n);
            tokPrev = Arrays.copyOf(tokPrev, n);
            terms = Arrays.copyOf(terms, n);
        }
        tokStart[t] = start;
        tokEnd[t] = end;
        if (recordTerms) {
            terms[t] = new String(term, 0, len);
        }
        boolean newPosition = posInc > 0 || posFirstToken < 0;
        if (newPosition) {
            positions++;
            lastPosToken = posFirstToken;
            prevHash = curHash;
            posFirstToken = t;
            curHash = hash;
        }
        tokPrev[t] = lastPosToken;
        add(mix(hash * 0x9E3779B9 + 0x7F4A7C15), WORD, t);
        wordCount++;
        if (newPosition && lastPosToken >= 0) {
            add(mix(prevHash * 0x85EBCA6B ^ hash * 0xC2B2AE35 ^ 0x27D4EB2F), BIGRAM, t);
            wordCount++;
        }
        chars(term, len, t);
    }

    private char[] sq = new char[64];

    /** Copies {@code term} into {@link #sq} with runs of one letter collapsed; returns the new length. */
    private int squeeze(char[] term, int len) {
        if (sq.length < len) {
            sq = new char[len];
        }
        int n = 0;
        for (int i = 0; i < len; i++) {
            char c = term[i];
            if (n > 0 && sq[n - 1] == c && Character.isLetter(c)) {
                continue;
            }
            sq[n++] = c;
        }
        return n;
    }

    /** Character n-grams of "&lt;term&gt;" for n in 3..5. */
    private void chars(char[] term, int len, int t) {
        int total = len + 2;
        for (int i = 0; i + MIN_N <= total; i++) {
            int h = 0x3C6EF372;
            int lim = Math.min(total, i + MAX_N);
            for (int j = i; j < lim; j++) {
                char c = j == 0 ? '<' : j == total - 1 ? '>' : term[j - 1];
                h = (h ^ c) * 0x01000193;
                if (j - i + 1 >= MIN_N) {
                    add(mix(h + (j - i)), CHAR, t);
                    charCount++;
                }
            }
        }
    }

    private void add(int h, byte k, int t) {
        if (size == bucket.length) {
            int n = size * 2;
            bucket = Arrays.copyOf(bucket, n);
            kind = Arrays.copyOf(kind, n);
            token = Arrays.copyOf(token, n);
        }
        bucket[size] = h >>> shift;
        kind[size] = k;
        token[size] = t;
        size++;
    }

    /** murmur3's finaliser: spreads the bits so the top ones make a good bucket index. */
    static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }

    /** Feature value of a word/bigram feature: groups are L2-normalised separately. */
    double wordValue() {
        return wordCount == 0 ? 0 : 1 / Math.sqrt(wordCount);
    }

    double charValue() {
        return charCount == 0 ? 0 : 1 / Math.sqrt(charCount);
    }

    /** A compact copy of the current features for training: buckets with kind in the top 2 bits. */
    int[] snapshot() {
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = bucket[i] | (kind[i] == CHAR ? 1 << 30 : 0);
        }
        return out;
    }
}
