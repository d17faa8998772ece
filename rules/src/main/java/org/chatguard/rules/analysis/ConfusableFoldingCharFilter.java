package org.chatguard.rules.analysis;

import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;
import org.apache.lucene.analysis.CharFilter;

/**
 * Folds what a reader sees into what a filter should match: lower case, no accents or combining marks,
 * Unicode look-alikes (Cyrillic/Greek homoglyphs, fullwidth and "math bold" letters, small capitals)
 * turned into the Latin letters they imitate, and zero-width/format characters removed.
 *
 * <p>Unlike Lucene's {@code MappingCharFilter} it keeps two offsets per output character, where its
 * source starts and where it ends, because masking needs exact end offsets: a removed zero-width
 * character between two words must not be masked, a combining accent on the last letter of a swear
 * word must be. {@link #correctEndOffset(int)} gives the end of a span; {@link #correctOffset(int)}
 * keeps Lucene's start-offset semantics.
 *
 * <p>Messages are short, so the whole input is folded on the first read; the folded text is also
 * available to the pattern (regex) matcher through {@link #folded()}.
 */
public final class ConfusableFoldingCharFilter extends CharFilter {

    private char[] out = new char[64];
    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private int outLen;
    // cheap facts about the folded text, gathered while folding, for the pattern prefilters
    private int digits;
    private boolean letterDigit;
    private boolean letterDigitKnown;
    private long ascii0;
    private long ascii1;
    private int originalLength;
    private boolean filled;
    private int readPos;

    public ConfusableFoldingCharFilter(Reader input) {
        super(input);
    }

    /** Folds a string directly (no reader copy); the result is complete at once. */
    public static ConfusableFoldingCharFilter of(String text) {
        ConfusableFoldingCharFilter f = new ConfusableFoldingCharFilter(Reader.nullReader());
        f.fold(text == null ? "" : text);
        return f;
    }

    /**
     * Refolds this filter over a new string, reusing its buffers; only for filters made by
     * {@link #of(String)}, whose underlying reader is never read. Lets a per-thread pipeline avoid
     * allocating three arrays per message.
     */
    public ConfusableFoldingCharFilter reset(String text) {
        outLen = 0;
        readPos = 0;
        fold(text);
        return this;
    }

    private void fill() throws IOException {
        if (filled) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[1024];
        int n;
        while ((n = input.read(buf)) != -1) {
            sb.append(buf, 0, n);
        }
        fold(sb.toString());
    }

    private char[] src = new char[64];

    /** {@link Folding#bmp} below 128: every ASCII character folds to one ASCII character. */
    private static final char[] ASCII_FOLD = new char[128];

    /** Per ASCII character: its bit in {@link #ascii0} / {@link #ascii1}, and 1 for a digit. */
    private static final long[] ASCII_BITS0 = new long[128];
    private static final long[] ASCII_BITS1 = new long[128];
    private static final byte[] ASCII_DIGIT = new byte[128];
    /** Per ASCII character: 1 for a digit, 2 for a-z, for {@link #hasLetterDigit}. */
    private static final byte[] LETTER_DIGIT = new byte[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_BITS0[c] = c < 64 ? 1L << c : 0;
            ASCII_BITS1[c] = c < 64 ? 0 : 1L << (c - 64);
            ASCII_DIGIT[c] = (byte) (c >= '0' && c <= '9' ? 1 : 0);
            LETTER_DIGIT[c] = (byte) (c >= '0' && c <= '9' ? 1 : c >= 'a' && c <= 'z' ? 2 : 0);
            char m = Folding.bmp(c);
            if (m >= 128) {
                throw new IllegalStateException("ASCII must fold to one ASCII character: " + (int) c);
            }
            ASCII_FOLD[c] = m;
        }
    }

    private void fold(String text) {
        filled = true;
        digits = 0;
        letterDigitKnown = false;
        ascii0 = 0;
        ascii1 = 0;
        int len = text.length();
        originalLength = len;
        ensure(len + 16);
        if (src.length < len) {
            src = new char[Math.max(len, src.length * 2)];
        }
        text.getChars(0, len, src, 0);
        final char[] s = src;
        for (int i = 0; i < len; ) {
            char c = s[i];
            if (c < 128) {
                // the common case: a run of ASCII, each character folding to exactly one (ASCII_FOLD),
                // in locals; room for the rest of the text is made once (expansions before may have used it)
                if (outLen + (len - i) > out.length) {
                    ensure(outLen + (len - i));
                }
                char[] o = out;
                int[] st = starts;
                int[] en = ends;
                int n = outLen;
                long a0 = ascii0;
                long a1 = ascii1;
                int d = digits;
                do {
                    char m = ASCII_FOLD[c];
                    // branch-free: spaces, letters and digits alternate too often to predict
                    a0 |= ASCII_BITS0[m];
                    a1 |= ASCII_BITS1[m];
                    d += ASCII_DIGIT[m];
                    o[n] = m;
                    st[n] = i;
                    en[n] = i + 1;
                    n++;
                    i++;
                } while (i < len && (c = s[i]) < 128);
                outLen = n;
                ascii0 = a0;
                ascii1 = a1;
                digits = d;
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s[i + 1])) {
                int cp = Character.toCodePoint(c, s[i + 1]);
                if (cp >= 0x1F300 && cp <= 0x1FAFF && !(cp >= 0x1F1E6 && cp <= 0x1F1FF)) {
                    // emoji and pictographs: kept as they are, without a String per code point
                    ensure(outLen + 2);
                    out[outLen] = c;
                    out[outLen + 1] = s[i + 1];
                    starts[outLen] = i;
                    starts[outLen + 1] = i;
                    ends[outLen] = i + 2;
                    ends[outLen + 1] = i + 2;
                    outLen += 2;
                    i += 2;
                    continue;
                }
                String f = Folding.supplementary(cp);
                if (f != null) {
                    emit(f, i, i + 2);
                }
                i += 2;
                continue;
            }
            if (c == '\u00E2' && i + 2 < len) {
                char q = mojibakeQuote(s[i + 1], s[i + 2]);
                if (q != 0) {
                    emit(String.valueOf(q), i, i + 3);
                    i += 3;
                    continue;
                }
            }
            char m = Folding.bmp(c);
            if (m == Folding.DROP) {
                // nothing: invisible characters belong to no output character
            } else if (m == Folding.ATTACH) {
                if (outLen > 0 && ends[outLen - 1] == i) {
                    ends[outLen - 1] = i + 1;
                }
            } else if (m == Folding.EXPAND) {
                emit(Folding.expansion(c), i, i + 1);
            } else {
                ensure(outLen + 1);
                if (m < 128) {
                    note(m);
                }
                out[outLen] = m;
                starts[outLen] = i;
                ends[outLen] = i + 1;
                outLen++;
            }
            i++;
        }
    }

    /**
     * UTF-8 punctuation decoded as Latin-1/Windows-1252 somewhere upstream ("iâ\u0080\u0099m" for "i’m")
     * would otherwise split words; the three characters are read back as the quote they were.
     */
    private static char mojibakeQuote(char b, char c) {
        if (b != '\u0080' && b != '\u20AC') {
            return 0;
        }
        switch (c) {
            case '\u0098': case '\u0099': case '\u02DC': case '\u2122':
                return '\'';
            case '\u009C': case '\u009D': case '\u0153':
                return '"';
            case '\u00A6': case '\u0093': case '\u0094': case '\u201C': case '\u201D':
                return ' ';
            default:
                return 0;
        }
    }

    private void note(char m) {
        if (m < 64) {
            ascii0 |= 1L << m;
            if (m >= '0' && m <= '9') {
                digits++;
            }
        } else {
            ascii1 |= 1L << (m - 64);
        }
    }

    /** Number of ASCII digits in the folded text. */
    public int digitCount() {
        return digits;
    }

    /** Whether a letter touches a digit somewhere in the folded text. */
    public boolean hasLetterDigit() {
        if (!letterDigitKnown) {
            letterDigit = false;
            if (digits > 0) {
                // a digit next to an a-z letter: the two classes or-ed are both bits
                int prev = out[0] < 128 ? LETTER_DIGIT[out[0]] : 0;
                for (int i = 1; i < outLen; i++) {
                    char b = out[i];
                    int cls = b < 128 ? LETTER_DIGIT[b] : 0;
                    if ((prev | cls) == 3) {
                        letterDigit = true;
                        break;
                    }
                    prev = cls;
                }
            }
            letterDigitKnown = true;
        }
        return letterDigit;
    }

    /** Whether the folded text contains one of the ASCII characters whose bits are set (0-63 in {@code lo}, 64-127 in {@code hi}). */
    public boolean hasAnyAscii(long lo, long hi) {
        return ((ascii0 & lo) | (ascii1 & hi)) != 0;
    }

    private void emit(String f, int start, int end) {
        ensure(outLen + f.length());
        for (int k = 0; k < f.length(); k++) {
            if (f.charAt(k) < 128) {
                note(f.charAt(k));
            }
            out[outLen] = f.charAt(k);
            starts[outLen] = start;
            ends[outLen] = end;
            outLen++;
        }
    }

    private void ensure(int size) {
        if (size > out.length) {
            int n = Math.max(size, out.length * 2);
            out = Arrays.copyOf(out, n);
            starts = Arrays.copyOf(starts, n);
            ends = Arrays.copyOf(ends, n);
        }
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        fill();
        if (readPos >= outLen) {
            return len == 0 ? 0 : -1;
        }
        int n = Math.min(len, outLen - readPos);
        System.arraycopy(out, readPos, cbuf, off, n);
        readPos += n;
        return n;
    }

    /** Whether the input has been folded already (always true for filters made by {@link #of(String)}). */
    public boolean isFolded() {
        return filled;
    }

    /** The folded characters; valid up to {@link #foldedLength()}. Do not modify. */
    public char[] folded() {
        return out;
    }

    public int foldedLength() {
        return outLen;
    }

    /** Original start offset of each folded character (package use: the fused tokenizer). Do not modify. */
    int[] startsArray() {
        return starts;
    }

    /** Original end offset (exclusive) of each folded character (package use). Do not modify. */
    int[] endsArray() {
        return ends;
    }

    /** Original start offset of the folded character at {@code off} (Lucene start-offset semantics). */
    @Override
    protected int correct(int off) {
        if (off < 0) {
            return 0;
        }
        if (off >= outLen) {
            // the end of the text, also when folding removed all of it (a lone zero-width character)
            return originalLength;
        }
        return starts[off];
    }

    /**
     * Original end offset (exclusive) of a folded span ending at {@code end} (exclusive); like
     * {@link #correctOffset}, corrected further by a char filter this one reads from.
     */
    public int correctEndOffset(int end) {
        int corrected = end <= 0 ? correct(0) : ends[Math.min(end, outLen) - 1];
        return input instanceof CharFilter inner ? inner.correctOffset(corrected) : corrected;
    }

    /** Index of the first folded character whose source starts at or after {@code originalOffset}. */
    public int foldedIndex(int originalOffset) {
        int lo = 0;
        int hi = outLen;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] < originalOffset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    public int originalLength() {
        return originalLength;
    }

    @Override
    public void close() throws IOException {
        input.close();
    }
}
