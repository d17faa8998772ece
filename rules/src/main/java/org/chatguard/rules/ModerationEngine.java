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
import org.chatguard.rules.ml.LinearModel;
import org.chatguard.rules.ml.ModelDetector;
import org.chatguard.rules.ml.ModelPolicy;
import org.chatguard.rules.ml.ModelScores;

/**
 * Moderates one message at a time with a list of {@link Detector}s: the rule pack ({@link RulesDetector})
 * and, in the default engine, the learned models ({@link ModelDetector}). The text is folded and the
 * analysis chain run once per message; each detector that reads tokens gets them in that pass, and the
 * findings of all detectors become one {@link Verdict}. Immutable and thread-safe: each thread gets its own
 * analysis chain and detector sessions (as Lucene's analyzers reuse token streams per thread), packs and
 * models are shared read-only.
 *
 * <p>{@link #analyze(String)} never throws. If something unexpected goes wrong inside (a bug, not bad
 * input), it fails closed: {@link Verdict#engineError}, the message held for staff and a
 * {@link Tier#MODERATOR} alert with reason code {@code engine-error}. {@link #analyze(String, Faults)} also
 * tells the caller what failed, so it can count and log it (never with the text).
 */
public final class ModerationEngine {

    private final RulePack pack;
    private final List<Detector> detectors;
    private final String modelVersion;
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

    private ModerationEngine(List<Detector> detectors, Probe probe) {
        this.detectors = List.copyOf(detectors);
        RulePack p = null;
        String mv = null;
        for (Detector d : this.detectors) {
            if (d instanceof RulesDetector r && p == null) {
                p = r.pack();
            } else if (d instanceof ModelDetector m && mv == null) {
                mv = m.version();
            }
        }
        this.pack = Objects.requireNonNull(p, "an engine needs a rules detector (its pack names verdicts)");
        this.modelVersion = mv;
        this.probe = probe;
        this.workers = ThreadLocal.withInitial(() -> new Worker());
    }

    /** The bundled default English pack and the bundled default model. */
    public static ModerationEngine defaultEngine() {
        return withDefaultModel(RulePackLoader.defaultPack());
    }

    /** The rules of {@code pack} alone. */
    public static ModerationEngine of(RulePack pack) {
        return new ModerationEngine(List.of(new RulesDetector(pack)), null);
    }

    /** The rules of {@code pack} and the bundled default model with its own thresholds (the job's default). */
    public static ModerationEngine withDefaultModel(RulePack pack) {
        return withModel(pack, ModelDetector.defaultModel(), ModelPolicy.DEFAULT);
    }

    /** The rules of {@code pack} and {@code model} under a site's {@code policy}. */
    public static ModerationEngine withModel(RulePack pack, LinearModel model, ModelPolicy policy) {
        return of(List.of(new RulesDetector(pack), new ModelDetector(model, policy)));
    }

    /** An engine over these detectors, run in this order; the first {@link RulesDetector}'s pack names the verdicts. */
    public static ModerationEngine of(List<Detector> detectors) {
        return new ModerationEngine(detectors, null);
    }

    /**
     * Test hook: an engine whose matching first runs {@code probe} on the text, so tests can make the
     * matcher throw on chosen messages and check that every caller fails closed.
     */
    public static ModerationEngine withProbe(RulePack pack, Probe probe) {
        return new ModerationEngine(List.of(new RulesDetector(pack)), Objects.requireNonNull(probe, "probe"));
    }

    /** The same detectors with {@code probe} run first (fault-injection tests of engines with a model). */
    public ModerationEngine withProbe(Probe probe) {
        return new ModerationEngine(detectors, Objects.requireNonNull(probe, "probe"));
    }

    public RulePack pack() {
        return pack;
    }

    public String rulePackVersion() {
        return pack.version();
    }

    /** Version of the model detector, or {@code null} when the engine has none. */
    public String modelVersion() {
        return modelVersion;
    }

    public List<Detector> detectors() {
        return detectors;
    }

    /** Per-thread analysis chain and detector sessions; collects the findings of the current message. */
    private final class Worker implements Detector.Findings, Detector.Message, FusedChatChain.Sink {
        /** The analysis chain ({@link org.chatguard.rules.analysis.ChatAnalyzer}'s tokens) in one loop. */
        final FusedChatChain chain = new FusedChatChain();
        final ConfusableFoldingCharFilter folder = ConfusableFoldingCharFilter.of("");
        final Detector.Session[] sessions;
        final FusedChatChain.Sink[] sinks;
        final List<Finding> findings = new ArrayList<>();
        ModelScores scores;
        String text;

        Worker() {
            sessions = new Detector.Session[detectors.size()];
            List<FusedChatChain.Sink> s = new ArrayList<>();
            for (int i = 0; i < sessions.length; i++) {
                sessions[i] = detectors.get(i).newSession();
                if (sessions[i].tokens() != null) {
                    s.add(sessions[i].tokens());
                }
            }
            sinks = s.toArray(new FusedChatChain.Sink[0]);
        }

        /** The chain's sink when more than one detector reads tokens. */
        @Override
        public void token(int posInc, int posLen, int start, int end, boolean squeezed, char[] term, int len, int hash) {
            for (FusedChatChain.Sink k : sinks) {
                k.token(posInc, posLen, start, end, squeezed, term, len, hash);
            }
        }

        @Override
        public void add(Finding f) {
            findings.add(f);
        }

        @Override
        public void scores(ModelScores s) {
            scores = s;
        }

        @Override
        public String text() {
            return text;
        }

        @Override
        public ConfusableFoldingCharFilter folded() {
            return folder;
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
            return Verdict.engineError(pack.version(), modelVersion);
        }
    }

    private Verdict doAnalyze(String text) throws IOException {
        if (probe != null) {
            probe.check(text);
        }
        Worker w = workers.get();
        w.text = text;
        w.findings.clear();
        w.scores = null;
        ConfusableFoldingCharFilter cf = w.folder.reset(text);
        for (Detector.Session s : w.sessions) {
            s.start();
        }
        w.chain.run(cf, w.sinks.length == 1 ? w.sinks[0] : w);
        for (Detector.Session s : w.sessions) {
            s.finish(w, w);
        }
        ModelScores scores = w.scores == null ? ModelScores.none(modelVersion) : w.scores;
        if (w.findings.isEmpty()) {
            return new Verdict(Action.ALLOW, text, text, List.of(), List.of(), null, null, List.of(), pack.version(), scores);
        }
        return verdict(text, new ArrayList<>(w.findings), scores);
    }

    static String label(Category c) {
        return c.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    static String reasonCode(Category c, String reason, String source) {
        return label(c) + ": " + reason + " (" + source + ")";
    }

    private Verdict verdict(String text, List<Finding> hits, ModelScores scores) {
        hits.sort(Comparator.comparingInt((Finding h) -> h.match().start())
                .thenComparingInt(h -> h.match().end())
                .thenComparing(h -> h.match().ruleId()));
        // overlapping matches of one rule (stacked readings, nested phrases) become one match over their union
        List<Finding> unique = new ArrayList<>(hits.size());
        java.util.Map<String, Integer> lastOfRule = new java.util.HashMap<>();
        for (Finding h : hits) {
            Integer li = lastOfRule.get(h.match().ruleId());
            if (li != null) {
                Finding prev = unique.get(li);
                RuleMatch p = prev.match();
                if (h.match().start() < p.end()) {
                    if (h.match().end() > p.end()) {
                        unique.set(li, new Finding(new RuleMatch(p.ruleId(), p.category(), p.severity(), p.action(), p.start(),
                                h.match().end(), p.stage()), prev.tier(), prev.reasonCode()));
                    }
                    continue;
                }
            }
            lastOfRule.put(h.match().ruleId(), unique.size());
            unique.add(h);
        }

        Action action = Action.ALLOW;
        EnumSet<Category> cats = EnumSet.noneOf(Category.class);
        Tier tier = null;
        int tierSeverity = -1;
        Category tierCategory = null;
        RuleMatch blocker = null;
        LinkedHashSet<String> reasons = new LinkedHashSet<>();
        char[] display = null;
        List<RuleMatch> matches = new ArrayList<>(unique.size());
        for (Finding h : unique) {
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
                new ArrayList<>(reasons), pack.version(), scores);
    }

    private static void mask(char[] chars, int start, int end) {
        for (int i = Math.max(0, start); i < Math.min(end, chars.length); i++) {
            chars[i] = '*';
        }
    }
}
