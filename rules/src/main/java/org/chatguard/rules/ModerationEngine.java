package org.chatguard.rules;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.RuleMatch;
import org.chatguard.model.Tier;
import org.chatguard.rules.analysis.ConfusableFoldingCharFilter;
import org.chatguard.rules.analysis.FusedChatChain;

/**
 * Moderates one message at a time against a {@link RulePack}. Immutable and thread-safe: each thread
 * gets its own analysis chain and scratch buffers (as Lucene's analyzers reuse token streams per thread),
 * the pack is shared read-only.
 *
 * <p>{@link #analyze(String)} never throws. If something unexpected goes wrong inside (a bug, not bad
 * input), it fails closed: {@link Verdict#engineError}, the message held for staff and a
 * {@link Tier#MODERATOR} alert with reason code {@code engine-error}. {@link #analyze(String, Faults)} also
 * tells the caller what failed, so it can count and log it (never with the text).
 */
public final class ModerationEngine {

    private final RulePack pack;
    private final PackIndex index;
    private final ThreadLocal<Worker> workers;
    /** Fault injection for tests ({@link #withProbe}); null in production. */
    private final Probe probe;

    /** Receives what went wrong when the engine failed closed on a message. */
    @FunctionalInterface
    public interface Faults {
        Faults IGNORE = t -> { };

        void engineError(Throwable t);
    }

    /** Called with each text before matching; may throw to simulate a matcher fault. */
    @FunctionalInterface
    public interface Probe extends java.io.Serializable {
        void check(String text);
    }

    private ModerationEngine(RulePack pack, Probe probe) {
        this.pack = Objects.requireNonNull(pack, "pack");
        this.probe = probe;
        this.index = pack.index();
        this.workers = ThreadLocal.withInitial(() -> new Worker());
    }

    /** An engine over the bundled default English pack. */
    public static ModerationEngine defaultEngine() {
        return of(RulePackLoader.defaultPack());
    }

    public static ModerationEngine of(RulePack pack) {
        return new ModerationEngine(pack, null);
    }

    /**
     * Test hook: an engine whose matching first runs {@code probe} on the text, so tests can make the
     * matcher throw on chosen messages and check that every caller fails closed.
     */
    public static ModerationEngine withProbe(RulePack pack, Probe probe) {
        return new ModerationEngine(pack, Objects.requireNonNull(probe, "probe"));
    }

    public RulePack pack() {
        return pack;
    }

    public String rulePackVersion() {
        return pack.version();
    }

    /** Per-thread analysis chain and scratch space; also receives the matcher's accepts for the current message. */
    private final class Worker implements PackIndex.AcceptSink {
        /** The analysis chain ({@link org.chatguard.rules.analysis.ChatAnalyzer}'s tokens) in one loop. */
        final FusedChatChain chain = new FusedChatChain();
        final PackIndex.LookupCache cache = new PackIndex.LookupCache();
        /** Receives the tokens and looks their words up as they arrive. */
        final Lattice lattice = new Lattice(index, cache);
        final ConfusableFoldingCharFilter folder = ConfusableFoldingCharFilter.of("");
        final PackIndex.PatternScratch scratch = new PackIndex.PatternScratch();
        final java.util.BitSet triggered = new java.util.BitSet();
        final List<Hit> hits = new ArrayList<>();
        int[] triggerStarts = new int[16];
        int triggerCount;
        int[] near = new int[60]; // flat: rule, part, startPos, endPos, start, end
        int nearCount;
        int[] unless = new int[12]; // flat: owning rule, startPos, endPos
        int unlessCount;

        void startMessage() {
            hits.clear();
            triggered.clear();
            triggerCount = 0;
            nearCount = 0;
            unlessCount = 0;
        }

        @Override
        public void accept(int rule, int part, int startPos, int endPos, int start, int end) {
            if (part == PackIndex.PART_TERMS) {
                int owner = index.unlessOwner(rule);
                if (owner >= 0) {
                    if (3 * unlessCount + 3 > unless.length) {
                        unless = java.util.Arrays.copyOf(unless, unless.length * 2);
                    }
                    unless[3 * unlessCount] = owner;
                    unless[3 * unlessCount + 1] = startPos;
                    unless[3 * unlessCount + 2] = endPos;
                    unlessCount++;
                    return;
                }
                hits.add(hit(rule, start, end, startPos, endPos));
            } else if (part == PackIndex.PART_TRIGGER) {
                if (2 * triggerCount + 2 > triggerStarts.length) {
                    triggerStarts = java.util.Arrays.copyOf(triggerStarts, triggerStarts.length * 2);
                }
                triggerStarts[2 * triggerCount] = rule;
                triggerStarts[2 * triggerCount + 1] = start;
                triggerCount++;
                triggered.set(rule);
            } else {
                if (6 * nearCount + 6 > near.length) {
                    near = java.util.Arrays.copyOf(near, near.length * 2);
                }
                int o = 6 * nearCount++;
                near[o] = rule;
                near[o + 1] = part;
                near[o + 2] = startPos;
                near[o + 3] = endPos;
                near[o + 4] = start;
                near[o + 5] = end;
            }
        }
    }

    /** startPos/endPos: token positions the match covers (end exclusive), -1 when unknown (patterns, combos). */
    private record Hit(RuleMatch match, Tier tier, String reasonCode, int startPos, int endPos) {
        Hit(RuleMatch match, Tier tier, String reasonCode) {
            this(match, tier, reasonCode, -1, -1);
        }
    }

    public Verdict analyze(String text) {
        return analyze(text, Faults.IGNORE);
    }

    /** As {@link #analyze(String)}; a failure is also reported to {@code faults} (not its text: it may quote the message). */
    public Verdict analyze(String text, Faults faults) {
        if (text == null) {
            text = "";
        }
        try {
            return doAnalyze(text);
        } catch (RuntimeException | IOException | StackOverflowError e) {
            // the worker's scratch state may be half-updated: the next message gets a fresh one
            workers.remove();
            faults.engineError(e);
            return Verdict.engineError(pack.version());
        }
    }

    private Verdict doAnalyze(String text) throws IOException {
        if (probe != null) {
            probe.check(text);
        }
        Worker w = workers.get();
        ConfusableFoldingCharFilter cf = w.folder.reset(text);
        Lattice l = w.lattice;
        l.clear();
        w.chain.run(cf, l);

        w.startMessage();
        index.phrases(l, w);
        index.patterns(cf, w.triggered, w.triggerStarts, w.triggerCount, w.scratch, w, l.mayNeedPatternView);
        List<Hit> hits = w.hits;
        if (w.nearCount > 0) {
            resolveNear(w, hits);
        }
        if (w.unlessCount > 0) {
            dropExceptions(w, hits);
        }
        if (hits.isEmpty()) {
            return new Verdict(Action.ALLOW, text, text, List.of(), List.of(), null, null, List.of(), pack.version());
        }
        return verdict(text, new ArrayList<>(hits));
    }

    private Hit hit(int rule, int start, int end, int startPos, int endPos) {
        Rule r = index.rule(rule);
        return new Hit(new RuleMatch(r.id(), r.category(), r.severity(), r.action(), start, end, r.stage()),
                r.alert(), index.reasonCode(rule), startPos, endPos);
    }

    /**
     * Removes matches cancelled by their rule's {@code unless} phrases: an exception counts when it overlaps
     * the words the match covers or ends at most one word before them ("not ugly", "not that ugly").
     */
    private void dropExceptions(Worker w, List<Hit> hits) {
        int[] u = w.unless;
        hits.removeIf(h -> {
            if (h.startPos() < 0) {
                return false;
            }
            String id = h.match().ruleId();
            for (int i = 0; i < w.unlessCount; i++) {
                int o = 3 * i;
                if (u[o + 1] < h.endPos() && u[o + 2] >= h.startPos() - 1 && index.rule(u[o]).id().equals(id)) {
                    return true;
                }
            }
            return false;
        });
    }

    static String label(Category c) {
        return c.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private static String reasonCode(Category c, String reason, String source) {
        return label(c) + ": " + reason + " (" + source + ")";
    }

    /**
     * Pairs proximity parts: every B part with an A part close enough (before it, or on either side when
     * unordered) is a match. Sorted sets keep this O(n log n) in the number of parts, whatever the text.
     */
    private void resolveNear(Worker w, List<Hit> hits) {
        int[] ev = w.near;
        int n = w.nearCount;
        boolean anyB = false;
        for (int i = 0; i < n; i++) {
            if (ev[6 * i + 1] == PackIndex.PART_NEAR_B) {
                anyB = true;
                break;
            }
        }
        if (!anyB) {
            return; // the common case: only the everyday A parts ("you", "send") occurred
        }
        // A events carry the trie state that ended the part (shared by all rules with that part)
        if (n <= 64) {
            for (int bi = 0; bi < n; bi++) {
                int b = 6 * bi;
                if (ev[b + 1] != PackIndex.PART_NEAR_B) {
                    continue;
                }
                Rule.Near spec = index.rule(ev[b]).near();
                int[] states = index.nearAStates(ev[b]);
                for (int ai = 0; ai < n; ai++) {
                    int a = 6 * ai;
                    if (ev[a + 1] != PackIndex.PART_NEAR_A || !contains(states, ev[a])) {
                        continue;
                    }
                    boolean ok = ev[b + 2] >= ev[a + 3] && ev[b + 2] - ev[a + 3] <= spec.within();
                    if (!ok && !spec.ordered()) {
                        ok = ev[a + 2] >= ev[b + 3] && ev[a + 2] - ev[b + 3] <= spec.within();
                    }
                    if (ok) {
                        // the span is the B part (the insult, the threat, the photo request): what a mask must hide;
                        // the words covered run from the first part to the last (for exceptions)
                        hits.add(hit(ev[b], ev[b + 4], ev[b + 5], Math.min(ev[a + 2], ev[b + 2]), Math.max(ev[a + 3], ev[b + 3])));
                        break;
                    }
                }
            }
            return;
        }
        // long texts: sorted sets keep pairing O(n log n) in the number of parts
        java.util.Map<Integer, java.util.TreeSet<Integer>> aEnds = new java.util.HashMap<>();
        java.util.Map<Integer, java.util.TreeSet<Integer>> aStarts = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            int e = 6 * i;
            if (ev[e + 1] == PackIndex.PART_NEAR_A) {
                aEnds.computeIfAbsent(ev[e], k -> new java.util.TreeSet<>()).add(ev[e + 3]);
                aStarts.computeIfAbsent(ev[e], k -> new java.util.TreeSet<>()).add(ev[e + 2]);
            }
        }
        for (int i = 0; i < n; i++) {
            int b = 6 * i;
            if (ev[b + 1] != PackIndex.PART_NEAR_B) {
                continue;
            }
            Rule.Near spec = index.rule(ev[b]).near();
            boolean ok = false;
            for (int state : index.nearAStates(ev[b])) {
                java.util.TreeSet<Integer> ends = aEnds.get(state);
                if (ends == null) {
                    continue;
                }
                Integer end = ends.floor(ev[b + 2]);
                ok = end != null && ev[b + 2] - end <= spec.within();
                if (!ok && !spec.ordered()) {
                    Integer start = aStarts.get(state).ceiling(ev[b + 3]);
                    ok = start != null && start - ev[b + 3] <= spec.within();
                }
                if (ok) {
                    break;
                }
            }
            if (ok) {
                // long texts track only where A parts end: the covered words start at most one word before B
                hits.add(hit(ev[b], ev[b + 4], ev[b + 5], Math.max(0, ev[b + 2] - 1), ev[b + 3]));
            }
        }
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    private Verdict verdict(String text, List<Hit> hits) {
        hits.sort(Comparator.comparingInt((Hit h) -> h.match().start())
                .thenComparingInt(h -> h.match().end())
                .thenComparing(h -> h.match().ruleId()));
        // overlapping matches of one rule (stacked readings, nested phrases) become one match over their union
        List<Hit> unique = new ArrayList<>(hits.size());
        java.util.Map<String, Integer> lastOfRule = new java.util.HashMap<>();
        for (Hit h : hits) {
            Integer li = lastOfRule.get(h.match().ruleId());
            if (li != null) {
                Hit prev = unique.get(li);
                RuleMatch p = prev.match();
                if (h.match().start() < p.end()) {
                    if (h.match().end() > p.end()) {
                        unique.set(li, new Hit(new RuleMatch(p.ruleId(), p.category(), p.severity(), p.action(), p.start(),
                                h.match().end(), p.stage()), prev.tier(), prev.reasonCode()));
                    }
                    continue;
                }
            }
            lastOfRule.put(h.match().ruleId(), unique.size());
            unique.add(h);
        }
        addCombos(unique);

        Action action = Action.ALLOW;
        EnumSet<Category> cats = EnumSet.noneOf(Category.class);
        Tier tier = null;
        int tierSeverity = -1;
        Category tierCategory = null;
        RuleMatch blocker = null;
        LinkedHashSet<String> reasons = new LinkedHashSet<>();
        char[] display = null;
        List<RuleMatch> matches = new ArrayList<>(unique.size());
        for (Hit h : unique) {
            RuleMatch m = h.match();
            matches.add(m);
            action = action.max(m.action());
            cats.add(m.category());
            reasons.add(h.reasonCode());
            if (h.tier() != null) {
                if (tier == null || h.tier().ordinal() > tier.ordinal()
                        || (h.tier() == tier && m.severity() > tierSeverity)) {
                    tier = h.tier();
                    tierSeverity = m.severity();
                    tierCategory = m.category();
                }
            }
            if (m.action() == Action.BLOCK && (blocker == null || m.severity() > blocker.severity())) {
                blocker = m;
            }
            if (m.action() == Action.MASK) {
                if (display == null) {
                    display = text.toCharArray();
                }
                mask(display, m.start(), m.end());
            }
        }
        matches.sort(Comparator.comparingInt(RuleMatch::start).thenComparingInt(RuleMatch::end));
        String displayText;
        if (action == Action.BLOCK) {
            displayText = switch (blocker.category()) {
                case PROFANITY, INSULT, HATE, VIOLENCE -> Verdict.BLOCKED;
                default -> Verdict.INAPPROPRIATE;
            };
        } else if ((action == Action.MASK || action == Action.HOLD) && display != null) {
            // HOLD: what the site will show if staff release the message
            displayText = new String(display);
        } else {
            displayText = text;
        }
        String evidence = StaffEvidence.mask(text, matches, pack.evidenceShowsProfanity());
        return new Verdict(action, displayText, evidence, new ArrayList<>(cats), matches, tier, tierCategory,
                new ArrayList<>(reasons), pack.version());
    }

    private void addCombos(List<Hit> hits) {
        List<Combo> combos = pack.combos();
        if (combos.isEmpty()) {
            return;
        }
        Set<String> stages = null;
        for (Hit h : hits) {
            if (h.match().stage() != null) {
                if (stages == null) {
                    stages = new HashSet<>();
                }
                stages.add(h.match().stage());
            }
        }
        if (stages == null || stages.size() < 2) {
            return;
        }
        for (Combo c : combos) {
            int present = 0;
            for (String st : c.stages()) {
                if (stages.contains(st)) {
                    present++;
                }
            }
            if (present < c.min()) {
                continue;
            }
            if (!c.including().isEmpty()) {
                boolean any = false;
                for (String st : c.including()) {
                    any |= stages.contains(st);
                }
                if (!any) {
                    continue;
                }
            }
            int s = Integer.MAX_VALUE;
            int e = 0;
            for (Hit h : hits) {
                if (h.match().stage() != null && c.stages().contains(h.match().stage())) {
                    s = Math.min(s, h.match().start());
                    e = Math.max(e, h.match().end());
                }
            }
            hits.add(new Hit(new RuleMatch(c.id(), c.category(), c.severity(), Action.ALLOW, s, e, null), c.alert(),
                    reasonCode(c.category(), c.reason(), "combo " + c.id())));
        }
    }

    private static void mask(char[] chars, int start, int end) {
        for (int i = Math.max(0, start); i < Math.min(end, chars.length); i++) {
            chars[i] = '*';
        }
    }
}
