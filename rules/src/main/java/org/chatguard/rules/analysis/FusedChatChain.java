package org.chatguard.rules.analysis;

/**
 * The token stream of {@link ChatAnalyzer} ({@link ChatTokenizer} → {@link LeetspeakFilter} →
 * {@link SpelledOutFilter} → {@link RepeatedLetterFilter}) computed in one loop and pushed to a
 * {@link Sink}, for the moderation engine's hot path: same terms, offsets, position increments and
 * lengths, squeezed flags, in the same order, without attributes, captured states or per-token objects.
 *
 * <p>It has no rules of its own: each step calls the static kernels of the filter it stands for
 * ({@link ChatTokenizer#scan}, {@link LeetspeakFilter#expand}, {@link SpelledOutFilter.Run},
 * {@link RepeatedLetterFilter#repeats}), so a rule is changed in one place. What is left here is the
 * plumbing the Lucene filters do with attributes: which token goes to which step, in which order.
 * {@code FusedChatChainTest} holds the two plumbings to the same output.
 *
 * <p>Not thread-safe: one instance per thread, reused across messages.
 */
public final class FusedChatChain implements SpelledOutFilter.Emitter {

    /** Receives the tokens of one message, in stream order. */
    public interface Sink {
        /**
         * @param squeezed whether this is a {@link RepeatedLetterFilter#TYPE} reading
         * @param term     the term characters; only valid during the call
         * @param hash     {@link #hash} of the term, computed on the way
         */
        void token(int posInc, int posLen, int start, int end, boolean squeezed, char[] term, int len, int hash);
    }

    /** The hash passed with each token: {@code String.hashCode} of the term. */
    public static int hash(char[] term, int len) {
        int h = 0;
        for (int i = 0; i < len; i++) {
            h = 31 * h + term[i];
        }
        return h;
    }

    private Sink sink;
    private final char[] term = new char[ChatTokenizer.MAX_TERM_CHARS];
    private final LeetspeakFilter.Variants variants = new LeetspeakFilter.Variants();
    private final SpelledOutFilter.Run run = new SpelledOutFilter.Run();
    private final char[] squeezed = new char[ChatTokenizer.MAX_TERM_CHARS];

    /** Tokenizes the folded text of {@code folder} (made by {@link ConfusableFoldingCharFilter#of}). */
    public void run(ConfusableFoldingCharFilter folder, Sink out) {
        this.sink = out;
        run.clear();
        try {
            tokenize(folder);
            if (run.length() > 0) {
                run.flush(this);
            }
        } finally {
            this.sink = null;
        }
    }

    /** {@link ChatTokenizer} then {@link LeetspeakFilter}. */
    private void tokenize(ConfusableFoldingCharFilter cf) {
        final char[] b = cf.folded();
        final int n = cf.foldedLength();
        final int[] starts = cf.startsArray();
        final int[] ends = cf.endsArray();
        final char[] t = term;
        int pos = 0;
        while ((pos = ChatTokenizer.tokenStart(b, pos, n)) < n) {
            int start = pos;
            long r = ChatTokenizer.scan(b, start, n, t);
            pos = ChatTokenizer.end(r);
            int tl = ChatTokenizer.termLength(r);
            // cf.correctOffset(start) and cf.correctEndOffset(pos): 0 <= start < pos <= n here
            int so = starts[start];
            int eo = ends[pos - 1];
            if (ChatTokenizer.lettersOnly(r) || !LeetspeakFilter.applies(t, tl)) {
                spelled(t, tl, 1, so, eo);
                continue;
            }
            LeetspeakFilter.expand(t, tl, variants);
            for (int k = 0; k < variants.count; k++) {
                spelled(variants.term(k), variants.length(k), k == 0 ? 1 : 0, so, eo);
            }
        }
    }

    /** {@link SpelledOutFilter}: single characters go to the run; the token that ends a run follows it as it is. */
    private void spelled(char[] t, int tl, int posInc, int start, int end) {
        boolean single = tl == 1 && SpelledOutFilter.Run.isSingle(t[0], posInc);
        if (run.length() > 0) {
            if (single && !run.isFull()) {
                run.push(t[0], posInc, start, end);
                return;
            }
            run.flush(this);
        } else if (single) {
            run.push(t[0], posInc, start, end);
            return;
        }
        repeated(t, tl, posInc, 1, start, end);
    }

    /** A token of a flushed run. */
    @Override
    public void emit(char[] t, int len, int posInc, int posLen, int start, int end, int single) {
        repeated(t, len, posInc, posLen, start, end);
    }

    /** {@link RepeatedLetterFilter}: emits a token, tripled letters cut, and its squeezed reading if any. */
    private void repeated(char[] t, int tl, int posInc, int posLen, int start, int end) {
        int repeats = RepeatedLetterFilter.repeats(t, tl);
        if (repeats == 0) {
            sink.token(posInc, posLen, start, end, false, t, tl, hash(t, tl));
            return;
        }
        int sl = RepeatedLetterFilter.squeeze(t, tl, squeezed);
        int w = repeats == RepeatedLetterFilter.TRIPLED ? RepeatedLetterFilter.cutToTwo(t, tl) : tl;
        sink.token(posInc, posLen, start, end, false, t, w, hash(t, w));
        sink.token(0, posLen, start, end, true, squeezed, sl, hash(squeezed, sl));
    }
}
