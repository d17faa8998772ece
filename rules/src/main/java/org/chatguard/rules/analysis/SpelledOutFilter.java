package org.chatguard.rules.analysis;

import java.io.IOException;
import java.util.Arrays;
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
 * <p>One-letter words ("i", "a", "u") are everywhere in chat, so buffering must be cheap: instead of
 * {@code captureState()} (which clones every attribute) the filter keeps the fields this chain uses
 * (term, offsets, position increment and length, type) in flat arrays. Attributes added by other
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

    // buffered single-character tokens
    private char[] runChar = new char[8];
    private int[] runStart = new int[8];
    private int[] runEnd = new int[8];
    private int[] runPosInc = new int[8];
    private String[] runType = new String[8];
    private int runLen;
    /** Tokens to emit before reading on: the joined word(s) and the singles of a run, in position order. */
    private final java.util.ArrayDeque<Out> queue = new java.util.ArrayDeque<>();

    private record Out(String term, int start, int end, int posInc, int posLen, String type) {}

    // the token that ended a run
    private boolean hasLookahead;
    private char[] laTerm = new char[16];
    private int laLen;
    private int laStart;
    private int laEnd;
    private int laPosInc;
    private int laPosLen;
    private String laType;

    private boolean exhausted;
    private final StringBuilder joined = new StringBuilder();

    public SpelledOutFilter(TokenStream input) {
        super(input);
    }

    private boolean isSingle() {
        if (termAtt.length() == 1 && posIncAtt.getPositionIncrement() > 0) {
            char c = termAtt.charAt(0);
            return Character.isLetterOrDigit(c) || LeetspeakFilter.readings(c) != null;
        }
        return false;
    }

    private void pushSingle() {
        if (runLen == runChar.length) {
            int n = runLen * 2;
            runChar = Arrays.copyOf(runChar, n);
            runStart = Arrays.copyOf(runStart, n);
            runEnd = Arrays.copyOf(runEnd, n);
            runPosInc = Arrays.copyOf(runPosInc, n);
            runType = Arrays.copyOf(runType, n);
        }
        runChar[runLen] = termAtt.charAt(0);
        runStart[runLen] = offsetAtt.startOffset();
        runEnd[runLen] = offsetAtt.endOffset();
        runPosInc[runLen] = posIncAtt.getPositionIncrement();
        runType[runLen] = typeAtt.type();
        runLen++;
    }

    private void saveLookahead() {
        int len = termAtt.length();
        if (laTerm.length < len) {
            laTerm = new char[Math.max(len, laTerm.length * 2)];
        }
        System.arraycopy(termAtt.buffer(), 0, laTerm, 0, len);
        laLen = len;
        laStart = offsetAtt.startOffset();
        laEnd = offsetAtt.endOffset();
        laPosInc = posIncAtt.getPositionIncrement();
        laPosLen = posLenAtt.getPositionLength();
        laType = typeAtt.type();
        hasLookahead = true;
    }

    private void emitLookahead() {
        clearAttributes();
        termAtt.copyBuffer(laTerm, 0, laLen);
        offsetAtt.setOffset(laStart, laEnd);
        posIncAtt.setPositionIncrement(laPosInc);
        posLenAtt.setPositionLength(laPosLen);
        typeAtt.setType(laType);
        hasLookahead = false;
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
        if (hasLookahead) {
            emitLookahead();
            return true;
        }
        if (exhausted || !input.incrementToken()) {
            exhausted = true;
            return false;
        }
        if (!isSingle()) {
            return true;
        }
        runLen = 0;
        pushSingle();
        while (true) {
            if (!input.incrementToken()) {
                exhausted = true;
                break;
            }
            if (isSingle() && runLen < ChatTokenizer.MAX_TOKEN_LENGTH) {
                pushSingle();
            } else {
                saveLookahead();
                break;
            }
        }
        if (runLen >= MIN_RUN && buildJoined(0, runLen)) {
            queue.add(new Out(joined.toString(), runStart[0], runEnd[runLen - 1], runPosInc[0], runLen, TYPE));
            // a real one-letter word may sit at either end of the run ("i f u c k i n g hate it"):
            // also offer the run without it
            boolean head = runLen > MIN_RUN && isOneLetterWord(runChar[runLen - 1]) && buildJoined(0, runLen - 1);
            if (head) {
                queue.add(new Out(joined.toString(), runStart[0], runEnd[runLen - 2], 0, runLen - 1, TYPE));
            }
            queue.add(single(0, 0));
            boolean tail = runLen > MIN_RUN && isOneLetterWord(runChar[0]) && buildJoined(1, runLen);
            if (tail) {
                queue.add(new Out(joined.toString(), runStart[1], runEnd[runLen - 1], runPosInc[1], runLen - 1, TYPE));
            }
            for (int i = 1; i < runLen; i++) {
                queue.add(single(i, i == 1 && tail ? 0 : runPosInc[i]));
            }
        } else {
            for (int i = 0; i < runLen; i++) {
                queue.add(single(i, runPosInc[i]));
            }
        }
        return incrementToken();
    }

    private Out single(int i, int posInc) {
        return new Out(String.valueOf(runChar[i]), runStart[i], runEnd[i], posInc, 1, runType[i]);
    }

    private static boolean isOneLetterWord(char c) {
        return c == 'i' || c == 'a' || c == 'u';
    }

    private boolean buildJoined(int from, int to) {
        joined.setLength(0);
        int letters = 0;
        for (int i = from; i < to; i++) {
            char c = runChar[i];
            String r = Character.isLetter(c) ? null : LeetspeakFilter.readings(c);
            if (r != null) {
                joined.append(r.charAt(0));
            } else {
                joined.append(c);
                if (Character.isLetter(c)) {
                    letters++;
                }
            }
        }
        return letters >= 2;
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        runLen = 0;
        queue.clear();
        hasLookahead = false;
        exhausted = false;
    }
}
