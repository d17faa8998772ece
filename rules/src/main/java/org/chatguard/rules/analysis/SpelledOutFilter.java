package org.chatguard.rules.analysis;

import java.io.IOException;
import java.util.ArrayDeque;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionLengthAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;

/**
 * Joins words spelled out one character at a time ({@code f u c k}, {@code f.u.c.k}, {@code f-u-c-k},
 * {@code k y s}) into one token, typed {@link #TYPE}, that spans the run: its position length is the
 * number of letters and its offsets run from the first to the last letter. The single letters are
 * still emitted, stacked after it, so phrases made of real one-letter words ("u r a ...") keep working.
 *
 * <p>A run needs {@link #MIN_RUN} characters and at least two letters; digits and leet symbols inside
 * a run are read as letters ({@code $ h 1 t}). Runs longer than {@link ChatTokenizer#MAX_TOKEN_LENGTH}
 * are cut.
 *
 * <p>The rules are in {@link Run}, which {@link FusedChatChain} uses too: this filter only buffers the
 * single-character tokens into it and replays what it emits. Buffering does not use
 * {@code captureState()} (one-letter words are everywhere in chat): the filter keeps the fields this
 * chain uses (term, offsets, position increment and length, type), so attributes added by other
 * filters before this one are not carried across buffered tokens.
 */
public final class SpelledOutFilter extends TokenFilter {

    public static final String TYPE = "spelled";
    public static final int MIN_RUN = 3;

    private final CharTermAttribute termAtt = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offsetAtt = addAttribute(OffsetAttribute.class);
    private final PositionIncrementAttribute posIncAtt = addAttribute(PositionIncrementAttribute.class);
    private final PositionLengthAttribute posLenAtt = addAttribute(PositionLengthAttribute.class);
    private final TypeAttribute typeAtt = addAttribute(TypeAttribute.class);

    private final Run run = new Run();
    /** The types of the buffered single-character tokens, by run index. */
    private final String[] runType = new String[Run.CAPACITY];
    /** Tokens to emit before reading on: what the run emitted, then the token that ended it. */
    private final ArrayDeque<Out> queue = new ArrayDeque<>();
    private boolean exhausted;

    private record Out(String term, int start, int end, int posInc, int posLen, String type) {}

    public SpelledOutFilter(TokenStream input) {
        super(input);
    }

    @Override
    public boolean incrementToken() throws IOException {
        Out o = queue.poll();
        if (o != null) {
            clearAttributes();
            termAtt.setEmpty().append(o.term());
            offsetAtt.setOffset(o.start(), o.end());
            posIncAtt.setPositionIncrement(o.posInc());
            posLenAtt.setPositionLength(o.posLen());
            typeAtt.setType(o.type());
            return true;
        }
        if (exhausted || !input.incrementToken()) {
            exhausted = true;
            return false;
        }
        if (!isSingle()) {
            return true;
        }
        run.clear();
        push();
        while (true) {
            if (!input.incrementToken()) {
                exhausted = true;
                run.flush(this::enqueue);
                break;
            }
            if (isSingle() && !run.isFull()) {
                push();
            } else {
                // the token that ended the run comes after it
                run.flush(this::enqueue);
                queue.add(new Out(termAtt.toString(), offsetAtt.startOffset(), offsetAtt.endOffset(),
                        posIncAtt.getPositionIncrement(), posLenAtt.getPositionLength(), typeAtt.type()));
                break;
            }
        }
        return incrementToken();
    }

    private boolean isSingle() {
        return termAtt.length() == 1 && Run.isSingle(termAtt.charAt(0), posIncAtt.getPositionIncrement());
    }

    private void push() {
        runType[run.length()] = typeAtt.type();
        run.push(termAtt.charAt(0), posIncAtt.getPositionIncrement(), offsetAtt.startOffset(), offsetAtt.endOffset());
    }

    private void enqueue(char[] term, int len, int posInc, int posLen, int start, int end, int single) {
        queue.add(new Out(new String(term, 0, len), start, end, posInc, posLen, single < 0 ? TYPE : runType[single]));
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        run.clear();
        queue.clear();
        exhausted = false;
    }

    /** Receives the tokens of a flushed run, in stream order. */
    interface Emitter {
        /** @param single the run index of a single character, or -1 for a joined word */
        void emit(char[] term, int len, int posInc, int posLen, int start, int end, int single);
    }

    /**
     * A run of consecutive single-character tokens and the rule that turns it into tokens; reused.
     * Term arrays passed to the emitter are only valid during the call.
     */
    static final class Run {
        static final int CAPACITY = ChatTokenizer.MAX_TOKEN_LENGTH;

        private final char[] chars = new char[CAPACITY];
        private final int[] starts = new int[CAPACITY];
        private final int[] ends = new int[CAPACITY];
        private final int[] posIncs = new int[CAPACITY];
        private int length;
        private final char[] joined = new char[CAPACITY];
        private int joinedLength;
        private final char[] single = new char[1];

        /** Whether a one-character token at a new position may be part of a run: a letter, digit or leet character. */
        static boolean isSingle(char c, int posInc) {
            return posInc > 0 && (Character.isLetterOrDigit(c) || LeetspeakFilter.readings(c) != null);
        }

        int length() {
            return length;
        }

        boolean isFull() {
            return length >= CAPACITY;
        }

        void clear() {
            length = 0;
        }

        void push(char c, int posInc, int start, int end) {
            chars[length] = c;
            starts[length] = start;
            ends[length] = end;
            posIncs[length] = posInc;
            length++;
        }

        /**
         * Emits the run and empties it: for a word of {@link #MIN_RUN} or more, the joined word, then the
         * variants without a real one-letter word at either end, stacked with the singles in position
         * order; otherwise just the singles.
         */
        void flush(Emitter out) {
            int n = length;
            length = 0;
            if (n >= MIN_RUN && join(0, n)) {
                out.emit(joined, joinedLength, posIncs[0], n, starts[0], ends[n - 1], -1);
                // a real one-letter word may sit at either end of the run ("i f u c k i n g hate it"):
                // also offer the run without it
                if (n > MIN_RUN && isOneLetterWord(chars[n - 1]) && join(0, n - 1)) {
                    out.emit(joined, joinedLength, 0, n - 1, starts[0], ends[n - 2], -1);
                }
                single(out, 0, 0);
                boolean tail = n > MIN_RUN && isOneLetterWord(chars[0]) && join(1, n);
                if (tail) {
                    out.emit(joined, joinedLength, posIncs[1], n - 1, starts[1], ends[n - 1], -1);
                }
                for (int i = 1; i < n; i++) {
                    single(out, i, i == 1 && tail ? 0 : posIncs[i]);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    single(out, i, posIncs[i]);
                }
            }
        }

        private void single(Emitter out, int i, int posInc) {
            single[0] = chars[i];
            out.emit(single, 1, posInc, 1, starts[i], ends[i], i);
        }

        private static boolean isOneLetterWord(char c) {
            return c == 'i' || c == 'a' || c == 'u';
        }

        /** Joins {@code [from, to)} reading leet characters as their first letter; false if under two letters. */
        private boolean join(int from, int to) {
            int w = 0;
            int letters = 0;
            for (int i = from; i < to; i++) {
                char c = chars[i];
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
            joinedLength = w;
            return letters >= 2;
        }
    }
}
