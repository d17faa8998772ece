package org.chatguard.rules;

import java.util.Arrays;
import org.chatguard.rules.analysis.FusedChatChain;

/**
 * The tokens of one message, as flat arrays reused per thread: position, position length (more than 1
 * for a spelled-out word), original offsets, whether the text is a squeezed reading, and the word ids of
 * the pack that the term is (looked up as each token arrives, so the term text itself is not kept).
 * Stacked readings share a position.
 */
final class Lattice implements FusedChatChain.Sink {

    int size;
    int[] pos = new int[32];
    int[] posLen = new int[32];
    int[] start = new int[32];
    int[] end = new int[32];
    boolean[] squeezed = new boolean[32];

    /**
     * Word ids per token, filled as tokens arrive: the memo's own immutable arrays (distinct ids), shared,
     * not copied; the memo may be cleared mid-message without invalidating them.
     */
    int[][] ids = new int[32][];

    // first token index per position, -1 if none
    int[] firstAt = new int[32];
    int maxPos;

    /** Position of the last token added, -1 before the first; stacked readings share a position. */
    private int lastPos = -1;

    /*
     * Words broken into short pieces ("fu c k", "sh it", "bit ch"): the analysis chain joins runs of single
     * characters, but not pieces of two or three letters. The last few short letter-only surface tokens are
     * kept here; when pieces run together into a word of the pack, that word is added as one more token
     * spanning them (like a spelled-out word). Only words of the pack are added (whole words and prefix
     * wildcards, no suffix wildcards: "a bit ch" must not read as "*bitch"), so "is it" or "so b" cost one hash lookup and add nothing.
     */
    static final int MAX_PIECES = 3;
    static final int MAX_PIECE = 3;
    static final int MIN_JOINED = 4;
    private final char[][] piece = new char[MAX_PIECES][MAX_PIECE];
    private final int[] pieceLen = new int[MAX_PIECES];
    private final int[] piecePos = new int[MAX_PIECES];
    private final int[] pieceStart = new int[MAX_PIECES];
    private int pieces;
    private final char[] joined = new char[MAX_PIECES * MAX_PIECE];
    /** A joined token was added behind later positions: {@link #indexPositions()} must sort. */
    private boolean unsorted;
    /**
     * The chain joined a spelled-out run, or a token is shorter than its original span (stretched letters cut,
     * apostrophes dropped ...): only then can the pattern rules' second reading ({@link PatternView}) differ.
     */
    boolean mayNeedPatternView;

    private static final int[] NO_IDS = new int[0];

    private final PackIndex index;
    private final PackIndex.LookupCache cache;

    Lattice(PackIndex index, PackIndex.LookupCache cache) {
        this.index = index;
        this.cache = cache;
    }

    void clear() {
        size = 0;
        pieces = 0;
        unsorted = false;
        mayNeedPatternView = false;
        lastPos = -1;
        maxPos = -1;
    }

    @Override
    public void token(int posInc, int posLen, int start, int end, boolean sq, char[] term, int len, int hash) {
        int p = lastPos + posInc;
        if (p < 0) {
            p = 0;
        }
        lastPos = p;
        if (!sq && (posLen > 1 || end - start > len)) {
            mayNeedPatternView = true;
        }
        int i = add(p, Math.max(1, posLen), start, end, sq);
        if (len > 0) {
            ids[i] = index.wordIds(term, len, hash, sq, cache);
        }
        if (posInc > 0) {
            if (!sq && posLen <= 1 && len <= MAX_PIECE && lettersOnly(term, len)) {
                piece(p, start, end, term, len);
            } else {
                pieces = 0;
            }
        }
    }

    private static boolean lettersOnly(char[] term, int len) {
        for (int k = 0; k < len; k++) {
            char c = term[k];
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        return len > 0;
    }

    private void piece(int p, int start, int end, char[] term, int len) {
        if (pieces > 0 && piecePos[pieces - 1] != p - 1) {
            pieces = 0;
        }
        if (pieces == MAX_PIECES) {
            // keep the newest: shift the window by one (pieces are at most MAX_PIECE chars: plain loops)
            for (int k = 1; k < MAX_PIECES; k++) {
                char[] from = piece[k];
                char[] to = piece[k - 1];
                for (int c = 0; c < pieceLen[k]; c++) {
                    to[c] = from[c];
                }
                pieceLen[k - 1] = pieceLen[k];
                piecePos[k - 1] = piecePos[k];
                pieceStart[k - 1] = pieceStart[k];
            }
            pieces--;
        }
        char[] slot = piece[pieces];
        for (int c = 0; c < len; c++) {
            slot[c] = term[c];
        }
        pieceLen[pieces] = len;
        piecePos[pieces] = p;
        pieceStart[pieces] = start;
        pieces++;
        // every run of two or more pieces ending here, one of them at most two letters long
        int n = pieceLen[pieces - 1];
        boolean shortPiece = n <= 2;
        for (int first = pieces - 2; first >= 0; first--) {
            n += pieceLen[first];
            shortPiece |= pieceLen[first] <= 2;
            if (n < MIN_JOINED || !shortPiece) {
                continue;
            }
            int w = 0;
            for (int k = first; k < pieces; k++) {
                char[] pk = piece[k];
                for (int c = 0; c < pieceLen[k]; c++) {
                    joined[w++] = pk[c];
                }
            }
            int[] found = index.joinedWordIds(joined, n, cache);
            if (found.length > 0) {
                int j = add(piecePos[first], pieces - first, pieceStart[first], end, false);
                ids[j] = found;
                unsorted = true;
            }
        }
    }

    int add(int p, int pl, int s, int e, boolean sq) {
        if (size == pos.length) {
            int n = size * 2;
            pos = Arrays.copyOf(pos, n);
            posLen = Arrays.copyOf(posLen, n);
            start = Arrays.copyOf(start, n);
            end = Arrays.copyOf(end, n);
            squeezed = Arrays.copyOf(squeezed, n);
            ids = Arrays.copyOf(ids, n);
        }
        pos[size] = p;
        posLen[size] = pl;
        start[size] = s;
        end[size] = e;
        squeezed[size] = sq;
        ids[size] = NO_IDS;
        if (p > maxPos) {
            maxPos = p;
        }
        return size++;
    }

    /** Indexes tokens by position; tokens arrive sorted by position, joined pieces come after them. */
    void indexPositions() {
        if (unsorted) {
            sortByPosition();
            unsorted = false;
        }
        int n = maxPos + 2;
        if (firstAt.length < n) {
            firstAt = new int[Math.max(n, firstAt.length * 2)];
        }
        Arrays.fill(firstAt, 0, n, -1);
        for (int i = size - 1; i >= 0; i--) {
            firstAt[pos[i]] = i;
        }
    }

    /** Stable insertion sort by position (only a few joined tokens are out of place). */
    private void sortByPosition() {
        for (int i = 1; i < size; i++) {
            int p = pos[i];
            if (pos[i - 1] <= p) {
                continue;
            }
            int pl = posLen[i];
            int s = start[i];
            int e = end[i];
            boolean sq = squeezed[i];
            int[] ti = ids[i];
            int j = i - 1;
            while (j >= 0 && pos[j] > p) {
                pos[j + 1] = pos[j];
                posLen[j + 1] = posLen[j];
                start[j + 1] = start[j];
                end[j + 1] = end[j];
                squeezed[j + 1] = squeezed[j];
                ids[j + 1] = ids[j];
                j--;
            }
            pos[j + 1] = p;
            posLen[j + 1] = pl;
            start[j + 1] = s;
            end[j + 1] = e;
            squeezed[j + 1] = sq;
            ids[j + 1] = ti;
        }
    }
}
