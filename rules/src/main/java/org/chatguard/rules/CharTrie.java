package org.chatguard.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Immutable character trie for wildcard words: {@code fuck*} is a prefix entry, {@code *fucker} a suffix
 * entry stored reversed. A lookup walks the token once, so its cost depends on the token, not on how
 * many wildcard words the pack has.
 */
final class CharTrie {

    /** Builder node. */
    static final class Builder {
        private final TreeMap<Character, Builder> children = new TreeMap<>();
        private final List<Integer> values = new ArrayList<>();

        void add(CharSequence key, boolean reversed, int value) {
            Builder n = this;
            int len = key.length();
            for (int i = 0; i < len; i++) {
                char c = key.charAt(reversed ? len - 1 - i : i);
                n = n.children.computeIfAbsent(c, k -> new Builder());
            }
            if (!n.values.contains(value)) {
                n.values.add(value);
            }
        }

        boolean isEmpty() {
            return children.isEmpty() && values.isEmpty();
        }

        CharTrie build() {
            List<Builder> order = new ArrayList<>();
            order.add(this);
            for (int i = 0; i < order.size(); i++) {
                order.addAll(order.get(i).children.values());
            }
            int size = order.size();
            char[][] labels = new char[size][];
            int[][] next = new int[size][];
            int[][] vals = new int[size][];
            java.util.IdentityHashMap<Builder, Integer> index = new java.util.IdentityHashMap<>();
            for (int i = 0; i < size; i++) {
                index.put(order.get(i), i);
            }
            for (int i = 0; i < size; i++) {
                Builder b = order.get(i);
                labels[i] = new char[b.children.size()];
                next[i] = new int[b.children.size()];
                int k = 0;
                for (var e : b.children.entrySet()) {
                    labels[i][k] = e.getKey();
                    next[i][k] = index.get(e.getValue());
                    k++;
                }
                vals[i] = b.values.stream().mapToInt(Integer::intValue).toArray();
            }
            return new CharTrie(labels, next, vals);
        }
    }

    private final char[][] labels;
    private final int[][] next;
    private final int[][] values;

    private CharTrie(char[][] labels, int[][] next, int[][] values) {
        this.labels = labels;
        this.next = next;
        this.values = values;
    }

    static final CharTrie EMPTY = new Builder().build();

    interface Sink {
        void accept(int value);
    }

    /** Whether any entry is a prefix (suffix when {@code reversed}) of the token. */
    boolean any(char[] buf, int off, int len, boolean reversed) {
        int node = 0;
        for (int i = 0; i < len; i++) {
            char c = buf[reversed ? off + len - 1 - i : off + i];
            char[] l = labels[node];
            if (l.length == 0) {
                return false;
            }
            int k = Arrays.binarySearch(l, c);
            if (k < 0) {
                return false;
            }
            node = next[node][k];
            if (values[node].length > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reports the values of every entry that is a prefix (or, when {@code reversed}, a suffix) of
     * {@code buf[off, off+len)}, provided the entry is shorter than the token by at least
     * {@code minRest} characters (0: the whole token may match).
     */
    void walk(char[] buf, int off, int len, boolean reversed, Sink sink) {
        int node = 0;
        for (int i = 0; i < len; i++) {
            char c = buf[reversed ? off + len - 1 - i : off + i];
            char[] l = labels[node];
            if (l.length == 0) {
                return;
            }
            int k = Arrays.binarySearch(l, c);
            if (k < 0) {
                return;
            }
            node = next[node][k];
            int[] v = values[node];
            for (int x : v) {
                sink.accept(x);
            }
        }
    }
}
