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
    private int emitIndex = -1; // -1: nothing buffered; else index of the next buffered single to emit

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

    private void emitSingle(int i, int posInc) {
        clearAttributes();
        termAtt.setEmpty().append(runChar[i]);
        offsetAtt.setOffset(runStart[i], runEnd[i]);
        posIncAtt.setPositionIncrement(posInc);
        typeAtt.setType(runType[i]);
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (emitIndex >= 0) {
            if (emitIndex < runLen) {
                emitSingle(emitIndex, emitIndex == 0 && joinedEmitted ? 0 : runPosInc[emitIndex]);
                emitIndex++;
                return true;
            }
            emitIndex = -1;
            runLen = 0;
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
        if (runLen < MIN_RUN || !buildJoined()) {
            // no join: replay the buffered singles as they were
            joinedEmitted = false;
            emitSingle(0, runPosInc[0]);
            emitIndex = 1;
            return true;
        }
        clearAttributes();
        termAtt.setEmpty().append(joined);
        offsetAtt.setOffset(runStart[0], runEnd[runLen - 1]);
        posIncAtt.setPositionIncrement(runPosInc[0]);
        posLenAtt.setPositionLength(runLen);
        typeAtt.setType(TYPE);
        joinedEmitted = true;
        emitIndex = 0;
        return true;
    }

    private boolean joinedEmitted;

    private boolean buildJoined() {
        joined.setLength(0);
        int letters = 0;
        for (int i = 0; i < runLen; i++) {
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
        emitIndex = -1;
        hasLookahead = false;
        exhausted = false;
        joinedEmitted = false;
    }
}
