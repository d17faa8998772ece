package org.chatguard.rules;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.chatguard.model.Action;
import org.chatguard.model.RuleMatch;
import org.chatguard.rules.analysis.FusedChatChain;

/**
 * The rule pack as a {@link Detector}: the analyzer's tokens go into a {@link Lattice}, phrases, patterns and
 * proximity parts are matched against the compiled {@link PackIndex}, exceptions ({@code unless}) dropped and
 * grooming combos added. The pack is shared read-only; each thread has its own {@link Session}.
 */
public final class RulesDetector implements Detector {

    private final RulePack pack;
    private final PackIndex index;

    public RulesDetector(RulePack pack) {
        this.pack = Objects.requireNonNull(pack, "pack");
        this.index = pack.index();
    }

    public RulePack pack() {
        return pack;
    }

    @Override
    public String kind() {
        return "rules";
    }

    @Override
    public String version() {
        return pack.version();
    }

    @Override
    public Set<String> alertingIds() {
        Set<String> alerting = new HashSet<>();
        for (Rule r : pack.rules()) {
            if (r.alert() != null) {
                alerting.add(r.id());
            }
        }
        for (Combo c : pack.combos()) {
            alerting.add(c.id());
        }
        return alerting;
    }

    @Override
    public Detector.Session newSession() {
        return new Session();
    }

    /** Per-thread scratch space; also receives the matcher's accepts for the current message. */
    private final class Session implements Detector.Session, PackIndex.AcceptSink {
        final PackIndex.LookupCache cache = new PackIndex.LookupCache();
        /** Receives the tokens and looks their words up as they arrive. */
        final Lattice lattice = new Lattice(index, cache);
        final PackIndex.PatternScratch scratch = new PackIndex.PatternScratch();
        final java.util.BitSet triggered = new java.util.BitSet();
        final List<Finding> hits = new ArrayList<>();
        int[] triggerStarts = new int[16];
        int triggerCount;
        int[] near = new int[60]; // flat: rule, part, startPos, endPos, start, end
        int nearCount;
        int[] unless = new int[12]; // flat: owning rule, startPos, endPos
        int unlessCount;

        @Override
        public FusedChatChain.Sink tokens() {
            return lattice;
        }

        @Override
        public void start() {
            lattice.clear();
        }

        @Override
        public void finish(Detector.Message m, Detector.Findings out) throws IOException {
            hits.clear();
            triggered.clear();
            triggerCount = 0;
            nearCount = 0;
            unlessCount = 0;
            index.phrases(lattice, this);
            index.patterns(m.folded(), triggered, triggerStarts, triggerCount, scratch, this, lattice.mayNeedPatternView);
            if (nearCount > 0) {
                resolveNear(this, hits);
            }
            if (unlessCount > 0) {
                dropExceptions(this, hits);
            }
            if (!hits.isEmpty()) {
                addCombos(hits);
            }
            for (Finding h : hits) {
                out.add(h);
            }
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

    private Finding hit(int rule, int start, int end, int startPos, int endPos) {
        Rule r = index.rule(rule);
        return new Finding(new RuleMatch(r.id(), r.category(), r.severity(), r.action(), start, end, r.stage()),
                r.alert(), index.reasonCode(rule), startPos, endPos);
    }

    /**
     * Removes matches cancelled by their rule's {@code unless} phrases: an exception counts when it overlaps
     * the words the match covers or ends at most one word before them ("not ugly", "not that ugly").
     */
    private void dropExceptions(Session w, List<Finding> hits) {
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

    /**
     * Pairs proximity parts: every B part with an A part close enough (before it, or on either side when
     * unordered) is a match. Sorted sets keep this O(n log n) in the number of parts, whatever the text.
     */
    private void resolveNear(Session w, List<Finding> hits) {
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

    private void addCombos(List<Finding> hits) {
        List<Combo> combos = pack.combos();
        if (combos.isEmpty()) {
            return;
        }
        Set<String> stages = null;
        for (Finding h : hits) {
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
            for (Finding h : hits) {
                if (h.match().stage() != null && c.stages().contains(h.match().stage())) {
                    s = Math.min(s, h.match().start());
                    e = Math.max(e, h.match().end());
                }
            }
            hits.add(new Finding(new RuleMatch(c.id(), c.category(), c.severity(), Action.ALLOW, s, e, null), c.alert(),
                    ModerationEngine.reasonCode(c.category(), c.reason(), "combo " + c.id())));
        }
    }

}
