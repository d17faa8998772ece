package org.chatguard.rules.analysis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
 */
public final class SpelledOutFilter extends TokenFilter {

    public static final String TYPE = "spelled";
    public static final int MIN_RUN = 3;

    private final CharTermAttribute termAtt = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offsetAtt = addAttribute(OffsetAttribute.class);
    private final PositionIncrementAttribute posIncAtt = addAttribute(PositionIncrementAttribute.class);
    private final PositionLengthAttribute posLenAtt = addAttribute(PositionLengthAttribute.class);
    private final TypeAttribute typeAtt = addAttribute(TypeAttribute.class);

    private final List<State> run = new ArrayList<>();
    private final StringBuilder joined = new StringBuilder();
    private int emitIndex = -1; // -1: nothing buffered; else next buffered single to emit
    private State lookahead;
    private boolean exhausted;

    public SpelledOutFilter(TokenStream input) {
        super(input);
    }

    private boolean isSingle() {
        if (termAtt.length() == 1) {
            char c = termAtt.charAt(0);
            return Character.isLetterOrDigit(c) || LeetspeakFilter.readings(c) != null;
        }
        return false;
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (emitIndex >= 0) {
            if (emitIndex < run.size()) {
                restoreState(run.get(emitIndex));
                if (emitIndex == 0) {
                    posIncAtt.setPositionIncrement(0);
                }
                emitIndex++;
                return true;
            }
            emitIndex = -1;
            run.clear();
            if (lookahead != null) {
                restoreState(lookahead);
                lookahead = null;
                return true;
            }
            if (exhausted) {
                return false;
            }
        }
        if (lookahead != null) {
            restoreState(lookahead);
            lookahead = null;
            return true;
        }
        if (exhausted || !input.incrementToken()) {
            exhausted = true;
            return false;
        }
        if (!isSingle() || posIncAtt.getPositionIncrement() == 0) {
            return true;
        }
        run.clear();
        run.add(captureState());
        while (true) {
            if (!input.incrementToken()) {
                exhausted = true;
                break;
            }
            if (isSingle() && posIncAtt.getPositionIncrement() > 0 && run.size() < ChatTokenizer.MAX_TOKEN_LENGTH) {
                run.add(captureState());
            } else {
                lookahead = captureState();
                break;
            }
        }
        if (run.size() < MIN_RUN || !buildJoined()) {
            // no join: replay the buffered singles as they were
            restoreState(run.get(0));
            emitIndex = 1;
            return true;
        }
        restoreState(run.get(0));
        int start = offsetAtt.startOffset();
        int posInc = posIncAtt.getPositionIncrement();
        restoreState(run.get(run.size() - 1));
        int end = offsetAtt.endOffset();
        clearAttributes();
        termAtt.setEmpty().append(joined);
        offsetAtt.setOffset(start, end);
        posIncAtt.setPositionIncrement(posInc);
        posLenAtt.setPositionLength(run.size());
        typeAtt.setType(TYPE);
        emitIndex = 0;
        return true;
    }

    private boolean buildJoined() {
        joined.setLength(0);
        int letters = 0;
        for (State s : run) {
            restoreState(s);
            char c = termAtt.charAt(0);
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
        run.clear();
        emitIndex = -1;
        lookahead = null;
        exhausted = false;
    }
}
