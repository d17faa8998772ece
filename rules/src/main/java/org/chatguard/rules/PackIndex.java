package org.chatguard.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.apache.lucene.analysis.CharArrayMap;
import org.apache.lucene.analysis.CharArraySet;
import org.chatguard.rules.analysis.ConfusableFoldingCharFilter;
import org.chatguard.rules.analysis.FusedChatChain;
import org.chatguard.rules.analysis.RepeatedLetterFilter;

/**
 * The compiled form of a rule pack: every word of every term gets an id, words are found per token with
 * hash and trie lookups, and phrases are a trie over word ids walked from each token. Matching is one
 * pass over the token lattice whose cost grows with the message and with how many of its words occur in
 * the pack, not with the number of rules. Only pattern (regex) rules are tried one by one, and each has
 * a cheap character prefilter.
 */
final class PackIndex {

    static final int PART_TERMS = 0;
    /**
     * The first part of a proximity rule. Its accept carries the phrase-trie <em>state</em>, not the rule:
     * many rules share first parts ("you", "send me"), and one event per state keeps a common word from
     * producing one event per rule; {@link #nearAStates(int)} maps a rule back to its states.
     */
    static final int PART_NEAR_A = 1;
    static final int PART_NEAR_B = 2;
    /** A phrase that enables a pattern rule (its {@code requires.words}); never a match by itself. */
    static final int PART_TRIGGER = 3;
    /** How far before its first trigger phrase a triggered pattern may start matching, in characters. */
    static final int TRIGGER_LOOKBACK = 96;

    private final Rule[] rules;
    private final CharArrayMap<int[]> exact;
    private final CharArrayMap<int[]> squeezed;
    private final CharTrie prefix;
    private final CharTrie prefixSq;
    private final CharTrie suffix;
    private final CharTrie suffixSq;
    private final CharArraySet allowExact;
    private final CharTrie allowPrefix;
    private final CharTrie allowSuffix;
    private final CharArraySet allowExactSq;
    private final CharTrie allowPrefixSq;
    private final CharTrie allowSuffixSq;
    private final LongIntMap trans;
    private final int[][] accepts; // per phrase-trie state: encoded (rule << 2 | part)
    private final boolean[] hasOut;
    /** Per state, bit (id mod 64) set for every word id with an outgoing edge: most probes end here. */
    private final long[] outMask;
    /** Transitions from the root state by word id (0: none), an array instead of a hash probe. */
    private final int[] rootNext;
    private final List<CompiledPattern> patterns;
    private final int[][] nearAStates;
    /** Exception phrases are indexed as extra term "rules" after the real ones: index - rules.length -> owning rule. */
    private final int[] unlessOwner;
    final int patternInputLimit;
    final int patternBudgetPerChar;

    /** @param requireLo @param requireHi {@code requireChars} as bits of ASCII characters 0-63 and 64-127 */
    record CompiledPattern(int rule, SafeRegex regex, int group, String requireChars, int minDigits, boolean needsWord,
                           boolean letterDigit, boolean atTrigger, long requireLo, long requireHi) {

        CompiledPattern(int rule, SafeRegex regex, int group, String requireChars, int minDigits, boolean needsWord,
                        boolean letterDigit, boolean atTrigger) {
            this(rule, regex, group, requireChars, minDigits, needsWord, letterDigit, atTrigger,
                    asciiBits(requireChars, 0), asciiBits(requireChars, 64));
        }

        private static long asciiBits(String chars, int from) {
            long bits = 0;
            for (int i = 0; chars != null && i < chars.length(); i++) {
                char c = chars.charAt(i);
                if (c >= from && c < from + 64) {
                    bits |= 1L << (c - from);
                }
            }
            return bits;
        }

        /** Whether the folded text has one of {@code requireChars} (true when there are none to require). */
        boolean requiredCharsIn(ConfusableFoldingCharFilter cf) {
            return requireChars == null || requireChars.isEmpty() || cf.hasAnyAscii(requireLo, requireHi);
        }
    }

    PackIndex(List<Rule> ruleList, List<String> allow, int patternInputLimit, int patternBudgetPerChar) {
        this.rules = ruleList.toArray(new Rule[0]);
        this.patternInputLimit = patternInputLimit;
        this.patternBudgetPerChar = patternBudgetPerChar;
        Map<String, Integer> wordIds = new HashMap<>();
        Map<String, List<Integer>> exactB = new HashMap<>();
        Map<String, List<Integer>> squeezedB = new HashMap<>();
        CharTrie.Builder pre = new CharTrie.Builder();
        CharTrie.Builder preSq = new CharTrie.Builder();
        CharTrie.Builder suf = new CharTrie.Builder();
        CharTrie.Builder sufSq = new CharTrie.Builder();
        LongIntMap t = new LongIntMap(1024);
        edges = new ArrayList<>();
        List<List<Integer>> acc = new ArrayList<>();
        List<Boolean> out = new ArrayList<>();
        acc.add(new ArrayList<>());
        out.add(false);
        List<CompiledPattern> pats = new ArrayList<>();
        Map<Integer, int[]> nearA = new HashMap<>();
        List<Integer> owners = new ArrayList<>();

        for (int r = 0; r < rules.length; r++) {
            Rule rule = rules[r];
            switch (rule.kind()) {
                case TERMS -> addPhrases(rule.terms(), (r << 2) | PART_TERMS, wordIds, exactB, squeezedB, pre, preSq, suf, sufSq, t, acc, out);
                case NEAR -> {
                    List<Integer> aStates = new ArrayList<>();
                    addPhrases(rule.near().a(), (r << 2) | PART_NEAR_A, wordIds, exactB, squeezedB, pre, preSq, suf, sufSq, t, acc, out, aStates);
                    nearA.put(r, aStates.stream().distinct().mapToInt(Integer::intValue).toArray());
                    addPhrases(rule.near().b(), (r << 2) | PART_NEAR_B, wordIds, exactB, squeezedB, pre, preSq, suf, sufSq, t, acc, out);
                }
                case PATTERN -> {
                    Rule.Pattern p = rule.pattern();
                    boolean needsWord = !p.requireWords().isEmpty();
                    if (needsWord) {
                        // trigger phrases go through the same trie as terms: the check is part of the one pass
                        addPhrases(p.requireWords(), (r << 2) | PART_TRIGGER, wordIds, exactB, squeezedB, pre, preSq, suf, sufSq, t, acc, out);
                    }
                    pats.add(new CompiledPattern(r, SafeRegex.compile(p.regex()), p.group(), p.requireChars(), p.minDigits(), needsWord, p.letterDigit(), p.atTrigger()));
                }
            }
            if (!rule.unless().isEmpty()) {
                // same trie, same pass: an exception costs nothing unless its words occur
                addPhrases(rule.unless(), ((rules.length + owners.size()) << 2) | PART_TERMS, wordIds, exactB, squeezedB, pre, preSq, suf, sufSq, t, acc, out);
                owners.add(r);
            }
        }
        exact = toMap(exactB);
        squeezed = toMap(squeezedB);
        prefix = pre.build();
        prefixSq = preSq.build();
        suffix = suf.build();
        suffixSq = sufSq.build();
        trans = t;
        accepts = new int[acc.size()][];
        hasOut = new boolean[acc.size()];
        outMask = new long[acc.size()];
        for (long[] edge : edges) {
            outMask[(int) edge[0]] |= 1L << (edge[1] & 63);
        }
        int words = 0;
        for (long[] edge : edges) {
            words = Math.max(words, (int) edge[1] + 1);
        }
        rootNext = new int[words];
        for (long[] edge : edges) {
            if (edge[0] == 0) {
                rootNext[(int) edge[1]] = Math.max(0, t.get(edge[1]));
            }
        }
        edges = null;
        for (int i = 0; i < acc.size(); i++) {
            accepts[i] = acc.get(i).stream().mapToInt(Integer::intValue).toArray();
            hasOut[i] = out.get(i);
        }
        patterns = List.copyOf(pats);
        unlessOwner = owners.stream().mapToInt(Integer::intValue).toArray();
        nearAStates = new int[rules.length][];
        for (int r = 0; r < rules.length; r++) {
            nearAStates[r] = nearA.getOrDefault(r, NO_IDS);
        }

        allowExact = new CharArraySet(16, false);
        allowExactSq = new CharArraySet(16, false);
        CharTrie.Builder ap = new CharTrie.Builder();
        CharTrie.Builder as = new CharTrie.Builder();
        CharTrie.Builder apSq = new CharTrie.Builder();
        CharTrie.Builder asSq = new CharTrie.Builder();
        for (String a : allow) {
            for (List<TermSyntax.Word> phrase : TermSyntax.parse(a)) {
                for (TermSyntax.Word w : phrase) {
                    String sq = RepeatedLetterFilter.squeeze(w.text());
                    switch (w.kind()) {
                        case EXACT -> {
                            allowExact.add(w.text());
                            allowExactSq.add(sq);
                        }
                        case PREFIX -> {
                            ap.add(w.text(), false, 1);
                            apSq.add(sq, false, 1);
                        }
                        case SUFFIX -> {
                            as.add(w.text(), true, 1);
                            asSq.add(sq, true, 1);
                        }
                    }
                }
            }
        }
        allowPrefix = ap.build();
        allowSuffix = as.build();
        allowPrefixSq = apSq.build();
        allowSuffixSq = asSq.build();
    }

    private static CharArrayMap<int[]> toMap(Map<String, List<Integer>> b) {
        CharArrayMap<int[]> m = new CharArrayMap<>(Math.max(16, b.size()), false);
        b.forEach((k, v) -> m.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        return m;
    }

    /** First letters of the words a joined word could be ({@link #joinedWordIds}); filled while building. */
    private final JoinHeads joinHeads = new JoinHeads();

    /**
     * A filter in front of the joined-word lookup: pieces of short words ("is it ok", "u r so") join into
     * thousands of distinct strings, almost none of them words of the pack, and memoising all of them
     * makes a memo too large to stay in cache. A joined word (four letters or more) can only be an exact
     * word of four letters or more, so its first four letters are some such word's, or start with a prefix
     * wildcard, whose first four letters (or all three, for a three-letter one) it shares. Those heads are
     * kept as bits of a hash: a clear bit proves there is no match (the lookup would find nothing); a set
     * bit only sends the word on to the real lookup.
     */
    static final class JoinHeads {
        private static final int BITS = 1 << 16;
        private final long[] heads4 = new long[BITS / 64];
        private final long[] heads3 = new long[BITS / 64];
        /** A prefix wildcard under three letters (the syntax refuses them): then the filter proves nothing. */
        private boolean shortPrefix;

        private static int slot(long key) {
            return (int) ((key * 0x9E3779B97F4A7C15L) >>> 48);
        }

        private static long key(CharSequence w, int n) {
            long k = 0;
            for (int i = 0; i < n; i++) {
                k = (k << 16) | w.charAt(i);
            }
            return k;
        }

        private static long key(char[] w, int n) {
            long k = 0;
            for (int i = 0; i < n; i++) {
                k = (k << 16) | w[i];
            }
            return k;
        }

        private static void set(long[] bits, long key) {
            int s = slot(key);
            bits[s >>> 6] |= 1L << s;
        }

        private static boolean get(long[] bits, long key) {
            int s = slot(key);
            return (bits[s >>> 6] & (1L << s)) != 0;
        }

        void addExact(String w) {
            if (w.length() >= 4) {
                set(heads4, key(w, 4));
            }
        }

        void addPrefix(String w) {
            if (w.length() >= 4) {
                set(heads4, key(w, 4));
            } else if (w.length() == 3) {
                set(heads3, key(w, 3));
            } else {
                shortPrefix = true;
            }
        }

        /** False only when no exact or prefix word of the pack can match {@code term[0, len)}. */
        boolean mayMatch(char[] term, int len) {
            return len < 4 || shortPrefix || get(heads4, key(term, 4)) || get(heads3, key(term, 3));
        }
    }

    /** Trie edges (state, word id) collected while building; dropped once the masks are made. */
    private List<long[]> edges;

    private void addPhrases(List<String> terms, int code, Map<String, Integer> wordIds,
                                   Map<String, List<Integer>> exactB, Map<String, List<Integer>> squeezedB,
                                   CharTrie.Builder pre, CharTrie.Builder preSq, CharTrie.Builder suf, CharTrie.Builder sufSq,
                                   LongIntMap t, List<List<Integer>> acc, List<Boolean> out) {
        addPhrases(terms, code, wordIds, exactB, squeezedB, pre, preSq, suf, sufSq, t, acc, out, null);
    }

    private void addPhrases(List<String> terms, int code, Map<String, Integer> wordIds,
                                   Map<String, List<Integer>> exactB, Map<String, List<Integer>> squeezedB,
                                   CharTrie.Builder pre, CharTrie.Builder preSq, CharTrie.Builder suf, CharTrie.Builder sufSq,
                                   LongIntMap t, List<List<Integer>> acc, List<Boolean> out, List<Integer> endStates) {
        for (String term : terms) {
            for (List<TermSyntax.Word> phrase : TermSyntax.withJoined(TermSyntax.parse(term))) {
                int state = 0;
                for (TermSyntax.Word w : phrase) {
                    Integer id = wordIds.get(w.key());
                    if (id == null) {
                        id = wordIds.size();
                        wordIds.put(w.key(), id);
                        String sq = RepeatedLetterFilter.squeeze(w.text());
                        switch (w.kind()) {
                            case EXACT -> {
                                exactB.computeIfAbsent(w.text(), k -> new ArrayList<>()).add(id);
                                squeezedB.computeIfAbsent(sq, k -> new ArrayList<>()).add(id);
                                joinHeads.addExact(w.text());
                            }
                            case PREFIX -> {
                                pre.add(w.text(), false, id);
                                joinHeads.addPrefix(w.text());
                                if (sq.length() >= 3) {
                                    preSq.add(sq, false, id);
                                }
                            }
                            case SUFFIX -> {
                                suf.add(w.text(), true, id);
                                if (sq.length() >= 3) {
                                    sufSq.add(sq, true, id);
                                }
                            }
                        }
                    }
                    long key = ((long) state << 32) | id;
                    int nextState = t.get(key);
                    if (nextState < 0 && edges != null) {
                        edges.add(new long[] {state, id});
                    }
                    if (nextState < 0) {
                        nextState = acc.size();
                        acc.add(new ArrayList<>());
                        out.add(false);
                        t.put(key, nextState);
                        out.set(state, true);
                    }
                    state = nextState;
                }
                int c = endStates != null ? (state << 2) | PART_NEAR_A : code;
                if (endStates != null) {
                    endStates.add(state);
                }
                if (!acc.get(state).contains(c)) {
                    acc.get(state).add(c);
                }
            }
        }
    }

    Rule rule(int i) {
        return rules[i];
    }

    /** Phrase-trie states that end an A part of proximity rule {@code rule}. */
    int[] nearAStates(int rule) {
        return nearAStates[rule];
    }

    private String[] reasonCodes;

    /** "category: reason (rule id)", built once per rule. */
    String reasonCode(int i) {
        String[] rc = reasonCodes;
        if (rc == null) {
            rc = new String[rules.length];
            for (int k = 0; k < rules.length; k++) {
                Rule r = rules[k];
                rc[k] = ModerationEngine.label(r.category()) + ": " + r.reason() + " (rule " + r.id() + ")";
            }
            reasonCodes = rc;
        }
        return rc[i];
    }

    int ruleCount() {
        return rules.length;
    }

    List<CompiledPattern> patterns() {
        return patterns;
    }

    private static final int[] NO_IDS = new int[0];

    /**
     * Per-thread memo of plain-token lookups. Chat vocabulary is small and skewed, so most tokens are
     * seen again soon; one hash lookup then replaces two hash lookups and four trie walks. Bounded:
     * cleared when it reaches {@link #MAX}.
     */
    static final class LookupCache {
        static final int MAX = 50_000;
        final TokenMemo plain = new TokenMemo(1024);
        final TokenMemo squeezed = new TokenMemo(256);
        /** Words the lattice joined from short pieces ("is it" -> "isit"): as common as the pieces themselves. */
        final TokenMemo joined = new TokenMemo(256);
        final int[] scratch = new int[64];
        int scratchLen;
    }

    /**
     * Open-addressing map from token text to word ids, keys kept in one char pool (no object per key).
     * The hash is the one {@link Lattice} computes while copying the token, so a hit costs one probe and
     * one compare. A slot's hash, key offset, key length and value number sit side by side in one int
     * array (one cache line for four slots): a probe touches one line of it, not four arrays.
     */
    static final class TokenMemo {
        /** Per slot: hash, key offset in the pool, key length, value number + 1 (0: empty slot). */
        private int[] slots;
        /** Values by number, in insertion order. */
        private int[][] vals;
        private char[] pool = new char[4096];
        private int poolLen;
        private int size;
        private int mask;

        TokenMemo(int expected) {
            alloc(Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1);
        }

        private void alloc(int cap) {
            slots = new int[cap * 4];
            vals = vals == null ? new int[cap / 2][] : java.util.Arrays.copyOf(vals, cap / 2);
            mask = cap - 1;
        }

        int size() {
            return size;
        }

        void clear() {
            java.util.Arrays.fill(slots, 0);
            java.util.Arrays.fill(vals, null);
            size = 0;
            poolLen = 0;
        }

        private static int spread(int h) {
            return h ^ (h >>> 16);
        }

        int[] get(int hash, char[] text, int off, int len) {
            int[] s = slots;
            int i = spread(hash) & mask;
            while (true) {
                int b = i << 2;
                int v = s[b + 3];
                if (v == 0) {
                    return null;
                }
                if (s[b] == hash && s[b + 2] == len && same(s[b + 1], text, off, len)) {
                    return vals[v - 1];
                }
                i = (i + 1) & mask;
            }
        }

        private boolean same(int koff, char[] text, int off, int len) {
            char[] p = pool;
            for (int k = 0; k < len; k++) {
                if (p[koff + k] != text[off + k]) {
                    return false;
                }
            }
            return true;
        }

        /** Adds a key known to be absent. */
        void put(int hash, char[] text, int off, int len, int[] ids) {
            if ((size + 1) * 2 > mask + 1) {
                grow();
            }
            if (poolLen + len > pool.length) {
                pool = java.util.Arrays.copyOf(pool, Math.max(pool.length * 2, poolLen + len));
            }
            System.arraycopy(text, off, pool, poolLen, len);
            vals[size] = ids;
            insert(hash, poolLen, len, size + 1);
            poolLen += len;
            size++;
        }

        private void insert(int hash, int koff, int len, int valuePlusOne) {
            int[] s = slots;
            int i = spread(hash) & mask;
            while (s[(i << 2) + 3] != 0) {
                i = (i + 1) & mask;
            }
            int b = i << 2;
            s[b] = hash;
            s[b + 1] = koff;
            s[b + 2] = len;
            s[b + 3] = valuePlusOne;
        }

        private void grow() {
            int[] old = slots;
            alloc((mask + 1) * 2);
            for (int b = 0; b < old.length; b += 4) {
                if (old[b + 3] != 0) {
                    insert(old[b], old[b + 1], old[b + 2], old[b + 3]);
                }
            }
        }
    }

    /**
     * Word ids of a word the matcher put together itself from pieces: whole words and prefix wildcards
     * ("fuc k off" is "fuck*"), never suffix wildcards, where "a" + "bit" + "ch" would read as "*bitch".
     */
    int[] joinedWordIds(char[] term, int len, LookupCache cache) {
        if (!joinHeads.mayMatch(term, len)) {
            return NO_IDS;
        }
        return memoized(cache.joined, term, len, FusedChatChain.hash(term, len), false, false, cache);
    }

    /** Word ids of one token, through the per-thread memo; {@code hash} is {@link FusedChatChain#hash} of the term. */
    int[] wordIds(char[] term, int len, int hash, boolean sq, LookupCache cache) {
        return memoized(sq ? cache.squeezed : cache.plain, term, len, hash, sq, true, cache);
    }

    private int[] memoized(TokenMemo memo, char[] term, int len, int hash, boolean sq, boolean suffixes, LookupCache cache) {
        int[] ids = memo.get(hash, term, 0, len);
        if (ids == null) {
            ids = compute(term, 0, len, sq, suffixes, cache);
            if (memo.size() >= LookupCache.MAX) {
                memo.clear();
            }
            memo.put(hash, term, 0, len, ids);
        }
        return ids;
    }

    private int[] compute(char[] pool, int off, int len, boolean sq, boolean suffixes, LookupCache cache) {
        cache.scratchLen = 0;
        CharTrie.Sink sink = id -> {
            for (int k = 0; k < cache.scratchLen; k++) {
                if (cache.scratch[k] == id) {
                    return;
                }
            }
            if (cache.scratchLen < cache.scratch.length) {
                cache.scratch[cache.scratchLen++] = id;
            }
        };
        if (sq) {
            if (allowExactSq.contains(pool, off, len) || allowed(allowPrefixSq, allowSuffixSq, pool, off, len)) {
                return NO_IDS;
            }
            int[] v = squeezed.get(pool, off, len);
            if (v != null) {
                for (int id : v) {
                    sink.accept(id);
                }
            }
            prefixSq.walk(pool, off, len, false, sink);
            if (suffixes) {
                suffixSq.walk(pool, off, len, true, sink);
            }
        } else {
            if (allowExact.contains(pool, off, len) || allowed(allowPrefix, allowSuffix, pool, off, len)) {
                return NO_IDS;
            }
            int[] v = exact.get(pool, off, len);
            if (v != null) {
                for (int id : v) {
                    sink.accept(id);
                }
            }
            prefix.walk(pool, off, len, false, sink);
            if (suffixes) {
                suffix.walk(pool, off, len, true, sink);
            }
        }
        return cache.scratchLen == 0 ? NO_IDS : java.util.Arrays.copyOf(cache.scratch, cache.scratchLen);
    }

    private static boolean allowed(CharTrie pre, CharTrie suf, char[] pool, int off, int len) {
        return pre.any(pool, off, len, false) || suf.any(pool, off, len, true);
    }

    /** The rule an accepted exception phrase belongs to, or -1 when {@code rule} is a real rule. */
    int unlessOwner(int rule) {
        return rule < rules.length ? -1 : unlessOwner[rule - rules.length];
    }

    boolean anyUnless() {
        return unlessOwner.length > 0;
    }

    /** Receives phrase accepts: rule, part, positions and original offsets. */
    interface AcceptSink {
        void accept(int rule, int part, int startPos, int endPos, int start, int end);
    }

    /** Walks the phrase trie from every token. */
    void phrases(Lattice l, AcceptSink sink) {
        l.indexPositions();
        int[] rootNext = this.rootNext;
        for (int i = 0; i < l.size; i++) {
            for (int id : l.ids[i]) {
                int s = id < rootNext.length ? rootNext[id] : 0;
                if (s > 0) {
                    follow(l, s, i, l.start[i], l.pos[i], sink, 1);
                }
            }
        }
    }

    private void follow(Lattice l, int state, int tok, int startOff, int startPos, AcceptSink sink, int depth) {
        int endPos = l.pos[tok] + l.posLen[tok];
        for (int code : accepts[state]) {
            sink.accept(code >>> 2, code & 3, startPos, endPos, startOff, l.end[tok]);
        }
        if (!hasOut[state] || depth >= TermSyntax.MAX_WORDS || endPos > l.maxPos) {
            return;
        }
        for (int u = l.firstAt[endPos]; u >= 0 && u < l.size && l.pos[u] == endPos; u++) {
            long mask = outMask[state];
            for (int id : l.ids[u]) {
                if ((mask & (1L << (id & 63))) == 0) {
                    continue;
                }
                int s = trans.get(((long) state << 32) | id);
                if (s > 0) {
                    follow(l, s, u, startOff, startPos, sink, depth + 1);
                }
            }
        }
    }

    /** Runs the pattern rules over the folded text. */
    /**
     * Runs the pattern rules over the folded text.
     *
     * @param triggered     rule indexes whose trigger phrases occurred (from {@link #phrases})
     * @param triggerStarts flat (rule, original start offset) pairs of every trigger occurrence
     */
    /** Per-thread matchers and budgeted views, reused across messages. */
    static final class PatternScratch {
        Matcher[] matchers = new Matcher[0];
        final PatternView view = new PatternView();
        final SafeRegex.Budgeted seq = new SafeRegex.Budgeted(new char[0], 0, 0, 0);
    }

    /** @param mayNeedView whether the tokens showed a spelled-out run or cut letters (else the view is skipped) */
    void patterns(ConfusableFoldingCharFilter cf, java.util.BitSet triggered, int[] triggerStarts, int triggerCount,
                  PatternScratch scratch, AcceptSink out, boolean mayNeedView) {
        if (patterns.isEmpty()) {
            return;
        }
        char[] f = cf.folded();
        int len = Math.min(cf.foldedLength(), patternInputLimit);
        if (scratch.matchers.length != patterns.size()) {
            scratch.matchers = new Matcher[patterns.size()];
        }
        run(cf, f, len, null, triggered, triggerStarts, triggerCount, scratch, out);
        if (mayNeedView) {
            // spelled-out or stretched personal data ("s n a p: coolkid", "gmmmail"): read it again without that
            PatternView v = scratch.view;
            if (PatternView.changes(f, len) && v.build(f, len, 1)) {
                run(cf, v.text, v.length, v, triggered, triggerStarts, triggerCount, scratch, out);
                if (v.cutRuns && v.build(f, len, 2)) {
                    run(cf, v.text, v.length, v, triggered, triggerStarts, triggerCount, scratch, out);
                }
            }
        }
    }

    /** Runs every pattern over {@code f[0, len)}: the folded text itself, or a {@link PatternView} of it. */
    private void run(ConfusableFoldingCharFilter cf, char[] f, int len, PatternView view, java.util.BitSet triggered,
                     int[] triggerStarts, int triggerCount, PatternScratch scratch, AcceptSink out) {
        int digits = cf.digitCount();
        for (int pi = 0; pi < patterns.size(); pi++) {
            CompiledPattern p = patterns.get(pi);
            if (p.needsWord() && !triggered.get(p.rule())) {
                continue;
            }
            if (digits < p.minDigits() || (p.letterDigit() && !cf.hasLetterDigit()) || !p.requiredCharsIn(cf)) {
                continue;
            }
            SafeRegex.Budgeted seq = scratch.seq.reset(f, len, (long) patternBudgetPerChar * len + 10_000);
            try {
                Matcher m = scratch.matchers[pi];
                if (m == null) {
                    // transparent bounds keep \b and look-behind correct at a region's edge; resets keep them
                    m = scratch.matchers[pi] = p.regex().matcher(seq);
                    m.useTransparentBounds(true).useAnchoringBounds(false);
                } else if (!p.needsWord()) {
                    // seq is the one view the matcher already reads; patterns with trigger words set a region
                    // below, and Matcher.region resets by itself
                    m.reset();
                }
                if (p.atTrigger()) {
                    int lastEnd = -1;
                    for (int k = 0; k < triggerCount; k++) {
                        if (triggerStarts[2 * k] != p.rule()) {
                            continue;
                        }
                        int from = at(cf, view, triggerStarts[2 * k + 1]);
                        if (from >= len || from < lastEnd) {
                            continue;
                        }
                        m.region(from, len);
                        if (m.lookingAt()) {
                            lastEnd = m.end();
                            report(cf, view, m, p, out);
                        }
                    }
                    continue;
                }
                if (p.needsWord()) {
                    // start a bounded distance before the first trigger (an e-mail's local part precedes "gmail")
                    int first = Integer.MAX_VALUE;
                    for (int k = 0; k < triggerCount; k++) {
                        if (triggerStarts[2 * k] == p.rule()) {
                            first = Math.min(first, triggerStarts[2 * k + 1]);
                        }
                    }
                    m.region(Math.max(0, Math.min(len, at(cf, view, first)) - TRIGGER_LOOKBACK), len);
                }
                int found = 0;
                while (m.find() && found++ < 100) {
                    report(cf, view, m, p, out);
                }
            } catch (SafeRegex.BudgetExceeded | StackOverflowError e) {
                // an adversarial input for this pattern: give up on it for this message, keep other results
            }
        }
    }

    /** Index in the text being read ({@code view} or the folded text) of an original offset. */
    private static int at(ConfusableFoldingCharFilter cf, PatternView view, int originalOffset) {
        int folded = cf.foldedIndex(originalOffset);
        return view == null ? folded : view.viewIndex(folded);
    }

    private static void report(ConfusableFoldingCharFilter cf, PatternView view, Matcher m, CompiledPattern p, AcceptSink out) {
        int s = m.start(p.group());
        int e = m.end(p.group());
        if (s < 0 || e <= s) {
            return;
        }
        if (view != null) {
            s = view.toFolded[s];
            e = view.toFoldedEnd[e - 1];
        }
        int os = cf.correctOffset(s);
        int oe = cf.correctEndOffset(e);
        if (oe > os) {
            out.accept(p.rule(), PART_TERMS, -1, -1, os, oe);
        }
    }
}
