package org.chatguard.rules.analysis;

import java.io.IOException;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * Splits folded chat text into words. Differs from {@code StandardTokenizer} in what counts as part of
 * a word, because evaders write words with symbols: {@code $hit}, {@code @ss}, {@code b!tch},
 * {@code a$$}. So {@code $} and {@code @} belong to a word when they touch a letter or digit, and
 * {@code ! | +} belong to it only between two word characters (a trailing "!" is punctuation). A lone
 * {@code $} or {@code @} is a token of its own, as it may be one letter of a spelled-out word.
 * Apostrophes between letters are dropped ({@code don't} and {@code dont} are the same word). Everything
 * else (spaces, punctuation, emoji) separates words, which is what lets the spelled-out filter see
 * {@code f.u.c.k} as four letters.
 *
 * <p>Tokens longer than {@link #MAX_TOKEN_LENGTH} are cut, so a 1 MB string of letters costs linear
 * time and bounded memory per token.
 */
public final class ChatTokenizer extends Tokenizer {

    public static final int MAX_TOKEN_LENGTH = 64;

    private final CharTermAttribute termAtt = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offsetAtt = addAttribute(OffsetAttribute.class);
    private final PositionIncrementAttribute posIncAtt = addAttribute(PositionIncrementAttribute.class);

    private char[] own = new char[256];
    private char[] buf = own;
    private int len;
    private int pos;
    private int finalOffset;

    @Override
    public void reset() throws IOException {
        super.reset();
        len = 0;
        pos = 0;
        if (input instanceof ConfusableFoldingCharFilter f && f.isFolded()) {
            // read the folded text in place instead of copying it through Reader.read
            buf = f.folded();
            len = f.foldedLength();
            return;
        }
        buf = own;
        int n;
        while ((n = input.read(buf, len, buf.length - len)) > 0) {
            len += n;
            if (len == buf.length) {
                char[] bigger = new char[buf.length * 2];
                System.arraycopy(buf, 0, bigger, 0, len);
                buf = bigger;
                own = bigger;
            }
        }
    }

    static boolean isWord(int cp) {
        if (cp < 128) {
            return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z');
        }
        return Character.isLetterOrDigit(cp);
    }

    private static boolean isEdgeSymbol(char c) {
        return c == '$' || c == '@';
    }

    private static boolean isInnerSymbol(char c) {
        return c == '!' || c == '|' || c == '+';
    }

    private static boolean isApostrophe(char c) {
        return c == '\'' || c == '\u2019' || c == '\u02BC' || c == '`';
    }

    private boolean wordAt(int i) {
        if (i >= len) {
            return false;
        }
        char c = buf[i];
        return isWord(Character.isHighSurrogate(c) ? Character.codePointAt(buf, i, len) : c);
    }

    private boolean wordOrEdgeAt(int i) {
        return i < len && (isEdgeSymbol(buf[i]) || wordAt(i));
    }

    @Override
    public boolean incrementToken() throws IOException {
        clearAttributes();
        while (pos < len) {
            char c = buf[pos];
            if (isEdgeSymbol(c) || wordAt(pos)) {
                break;
            }
            pos += Character.isHighSurrogate(c) && pos + 1 < len ? Character.charCount(Character.codePointAt(buf, pos, len)) : 1;
        }
        if (pos >= len) {
            return false;
        }
        int start = pos;
        char[] term = termAtt.resizeBuffer(MAX_TOKEN_LENGTH + 2);
        int tl = 0;
        boolean prevWord = false;
        while (pos < len && tl < MAX_TOKEN_LENGTH) {
            char c = buf[pos];
            int cp = Character.isHighSurrogate(c) ? Character.codePointAt(buf, pos, len) : c;
            int n = Character.charCount(cp);
            if (isWord(cp)) {
                term[tl++] = c;
                if (n == 2) {
                    term[tl++] = buf[pos + 1];
                }
                prevWord = true;
            } else if (isEdgeSymbol(c) && (prevWord || tl == 0 || wordOrEdgeAt(pos + 1))) {
                // a lone "$" is kept as a token too: it may be a letter of a spelled-out word ("$ h 1 t")
                term[tl++] = c;
                prevWord = true;
            } else if (isInnerSymbol(c) && prevWord && wordAt(pos + 1)) {
                term[tl++] = c;
            } else if (isApostrophe(c) && prevWord && pos + 1 < len && Character.isLetter(buf[pos + 1])) {
                // dropped: "don't" == "dont"
            } else {
                break;
            }
            pos += n;
        }
        termAtt.setLength(tl);
        posIncAtt.setPositionIncrement(1);
        offsetAtt.setOffset(correctOffset(start), correctEnd(pos));
        return true;
    }

    private int correctEnd(int end) {
        if (input instanceof ConfusableFoldingCharFilter f) {
            return f.correctEndOffset(end);
        }
        return correctOffset(end);
    }

    @Override
    public void end() throws IOException {
        super.end();
        finalOffset = input instanceof ConfusableFoldingCharFilter f ? f.originalLength() : correctOffset(len);
        offsetAtt.setOffset(finalOffset, finalOffset);
    }
}
