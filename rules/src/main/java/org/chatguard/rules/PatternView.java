package org.chatguard.rules;

/**
 * A second reading of the folded text for pattern rules, with the word-level evasions undone that folding
 * leaves in: letters spelled out one by one ("e m a i l", "s.n.a.p") are joined, and stretched letters
 * ("snaaap", "coolkkkkkid") are cut. Pattern rules (phone numbers, e-mail addresses, handles, addresses)
 * read characters, not tokens, so without this "my s n a p is coolkid" would pass. Each view character
 * remembers the folded index it came from, so matches map back to exact original offsets.
 *
 * <p>Stretched letters are cut to one in one view and to two in another: "snaaap" needs one ("snap"),
 * "adddd me" needs two ("add"). A view is only built when the tokens showed a spelled-out run or letters
 * cut from a token; plain chat pays nothing.
 */
final class PatternView {

    /** Separators allowed between spelled-out characters. */
    private static boolean separator(char c) {
        return c == ' ' || c == '.' || c == '-' || c == '_';
    }

    private static boolean single(char[] f, int i, int len) {
        return letterOrDigit(f[i]) && (i == 0 || !letterOrDigit(f[i - 1]))
                && (i + 1 >= len || !letterOrDigit(f[i + 1]));
    }

    /** {@link Character#isLetterOrDigit(char)} and {@link Character#isLetter(char)} by table for ASCII: called per character. */
    private static final byte[] ASCII = new byte[128];
    private static final byte LETTER = 1;
    private static final byte DIGIT = 2;

    static {
        for (char c = 0; c < 128; c++) {
            ASCII[c] = (byte) (Character.isLetter(c) ? LETTER : Character.isDigit(c) ? DIGIT : 0);
        }
    }

    private static boolean letterOrDigit(char c) {
        return c < 128 ? ASCII[c] != 0 : Character.isLetterOrDigit(c);
    }

    private static boolean letter(char c) {
        return c < 128 ? ASCII[c] == LETTER : Character.isLetter(c);
    }

    char[] text = new char[64];
    /** Folded index where each view character starts, and where it ends (exclusive): a cut run spans all of it. */
    int[] toFolded = new int[64];
    int[] toFoldedEnd = new int[64];
    int length;

    /** Whether the last {@link #build} cut stretched letters (else the views for one and two are the same). */
    boolean cutRuns;

    /**
     * Builds the view of {@code f[0, len)} with stretched letters cut to {@code keep} (1 or 2).
     * @return whether the view differs from the folded text
     */
    boolean build(char[] f, int len, int keep) {
        if (text.length < len) {
            text = new char[len];
            toFolded = new int[len];
            toFoldedEnd = new int[len];
        }
        length = 0;
        cutRuns = false;
        boolean changed = false;
        int i = 0;
        while (i < len) {
            // a run of 3+ single characters separated by one separator each: copy the characters only
            if (single(f, i, len)) {
                int j = i;
                int n = 1;
                while (j + 2 < len && separator(f[j + 1]) && single(f, j + 2, len)) {
                    j += 2;
                    n++;
                }
                if (n >= 3) {
                    for (int k = i; k <= j; k += 2) {
                        put(f[k], k, k + 1);
                    }
                    changed = true;
                    i = j + 1;
                    continue;
                }
            }
            char c = f[i];
            int run = 1;
            while (i + run < len && f[i + run] == c && letter(c)) {
                run++;
            }
            if (run >= 3) {
                cutRuns = true;
                if (keep == 1) {
                    put(c, i, i + run);
                } else {
                    put(c, i, i + 1);
                    put(c, i + 1, i + run);
                }
                changed = true;
                i += run;
                continue;
            }
            put(c, i, i + 1);
            i++;
        }
        return changed;
    }

    /**
     * Whether {@link #build} would return true for {@code f[0, len)}, without writing a view: whether some
     * position starts a spelled-out run of three or more characters or a letter repeated three or more
     * times. {@code build} visits every position unless it finds one of those, so the two agree; this costs
     * reads only, and most texts that might need a view turn out not to.
     */
    static boolean changes(char[] f, int len) {
        for (int i = 0; i + 2 < len; i++) {
            char c = f[i];
            if (f[i + 1] == c) {
                if (f[i + 2] == c && letter(c)) {
                    return true;
                }
            } else if (separator(f[i + 1]) && single(f, i, len) && i + 4 < len && single(f, i + 2, len)
                    && separator(f[i + 3]) && single(f, i + 4, len)) {
                return true;
            }
        }
        return false;
    }

    private void put(char c, int foldedStart, int foldedEnd) {
        text[length] = c;
        toFolded[length] = foldedStart;
        toFoldedEnd[length] = foldedEnd;
        length++;
    }

    /** Index in this view of the first character at or after folded index {@code folded}. */
    int viewIndex(int folded) {
        int lo = 0;
        int hi = length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (toFolded[mid] < folded) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
