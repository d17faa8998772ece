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

    // word ids per token, filled by the matcher
    int[] idOff = new int[32];
    int[] idLen = new int[32];
    int[] ids = new int[64];
    int idsLen;

    // first token index per position, -1 if none
    int[] firstAt = new int[32];
    int maxPos;

    /** Position of the last token added, -1 before the first; stacked readings share a position. */
    private int lastPos = -1;

    private final PackIndex index;
    private final PackIndex.LookupCache cache;

    Lattice(PackIndex index, PackIndex.LookupCache cache) {
        this.index = index;
        this.cache = cache;
    }

    void clear() {
        size = 0;
        lastPos = -1;
        idsLen = 0;
        maxPos = -1;
    }

    @Override
    public void token(int posInc, int posLen, int start, int end, boolean sq, char[] term, int len, int hash) {
        int p = lastPos + posInc;
        if (p < 0) {
            p = 0;
        }
        lastPos = p;
        int i = add(p, Math.max(1, posLen), start, end, sq);
        if (len > 0) {
            int[] found = index.wordIds(term, len, hash, sq, cache);
            for (int id : found) {
                addId(i, id);
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
            idOff = Arrays.copyOf(idOff, n);
            idLen = Arrays.copyOf(idLen, n);
        }
        pos[size] = p;
        posLen[size] = pl;
        start[size] = s;
        end[size] = e;
        squeezed[size] = sq;
        idOff[size] = 0;
        idLen[size] = 0;
        if (p > maxPos) {
            maxPos = p;
        }
        return size++;
    }

    void addId(int token, int id) {
        if (idLen[token] == 0) {
            idOff[token] = idsLen;
        } else {
            int o = idOff[token];
            for (int i = o; i < o + idLen[token]; i++) {
                if (ids[i] == id) {
                    return;
                }
            }
        }
        if (idsLen == ids.length) {
            ids = Arrays.copyOf(ids, ids.length * 2);
        }
        ids[idsLen++] = id;
        idLen[token]++;
    }

    /** Indexes tokens by position; tokens arrive sorted by position. */
    void indexPositions() {
        int n = maxPos + 2;
        if (firstAt.length < n) {
            firstAt = new int[Math.max(n, firstAt.length * 2)];
        }
        Arrays.fill(firstAt, 0, n, -1);
        for (int i = size - 1; i >= 0; i--) {
            firstAt[pos[i]] = i;
        }
    }
}
