package org.chatguard.rules.ml;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The training protocol behind {@code chatguard train}: k-fold cross-validation on each development set,
 * and the final model.
 *
 * <p><b>Cross-validation of a development set S</b>: S's rows are split into k folds (seeded shuffle). For
 * each fold F: the model is trained on the training files, every other development set, and S's other
 * folds minus a validation part (a seeded {@link #VALIDATION_SHARE} of them); S's concern threshold is
 * chosen on that validation part ({@link Thresholds}: best F1, within S's FPR ceiling), once for the model
 * alone and once for "rules OR model"; then the fold F is scored. Fold F is never used to choose anything.
 * The figures are pooled over the k folds.
 *
 * <p><b>The final model</b>: trained on everything except a validation part of each development set, on
 * which each concern's threshold is chosen (for the combined engine, the default): SELF_HARM on the
 * self-harm set, BULLYING on the first bullying set (Formspring; Davidson labels offensive language, not
 * bullying), GROOMING on PAN12 (FPR <= 0.10); SEXUAL, which has no human labels, against its rule-derived
 * labels, model alone.
 */
public final class ModelTraining {

    static final double VALIDATION_SHARE = 0.2;
    /** Share of the ordinary rows (labelled negative for every concern) held out to bound flags on everyday chat. */
    static final double ORDINARY_SHARE = 0.1;
    /**
     * Ceiling on the share of held-out ordinary messages a concern may flag. The development sets' units differ
     * from a chat message (PAN12 is whole conversation segments, C-SSRS whole post histories), so a threshold
     * chosen on them alone can fire on everyday lines ("I'll call you later"); this keeps message-level flags
     * rare on ordinary chat whatever the set.
     */
    static final double MAX_ORDINARY_FPR = 0.005;
    /**
     * Grooming's ceiling is ten times lower: its flag is a safeguarding alert, its model learnt from whole
     * conversation segments, and grooming is judged over a conversation (the per-message score feeds that
     * through {@link ModelScores}); one message alone should alert only when it is unmistakable.
     */
    static final double MAX_ORDINARY_FPR_GROOMING = 0.0005;

    private final Corpus corpus;
    private final Trainer.Params params;
    private final List<Concern> concerns = List.of(Concern.values());

    /** Training rows, and the held-out ordinary rows (see {@link #MAX_ORDINARY_FPR}). */
    private final List<Example> train = new ArrayList<>();
    private final List<Example> ordinary = new ArrayList<>();

    public ModelTraining(Corpus corpus, Trainer.Params params) {
        this.corpus = corpus;
        this.params = params;
        Random rnd = new Random(params.seed() ^ 0x5EEDL);
        for (Example e : corpus.train) {
            boolean allNegative = true;
            for (byte b : e.labels()) {
                allNegative &= b == 0;
            }
            if (allNegative && rnd.nextDouble() < ORDINARY_SHARE) {
                ordinary.add(e);
            } else {
                train.add(e);
            }
        }
    }

    /** How many all-negative training rows are held out as ordinary messages. */
    public int ordinarySize() {
        return ordinary.size();
    }

    /** {@code t}, raised so that at most {@link #MAX_ORDINARY_FPR} of the held-out ordinary rows reach it. */
    private float boundByOrdinary(LinearModel m, int ci, float t) {
        if (ordinary.isEmpty()) {
            return t;
        }
        double[] s = new double[ordinary.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = m.score(ordinary.get(i), ci);
        }
        Arrays.sort(s);
        double ceiling = concerns.get(ci) == Concern.GROOMING ? MAX_ORDINARY_FPR_GROOMING : MAX_ORDINARY_FPR;
        int allowed = (int) Math.floor(s.length * ceiling);
        double q = s[s.length - 1 - allowed];
        float bound = (float) Math.nextUp(q);
        return Math.max(t, Math.min(bound, Thresholds.OFF));
    }

    /** Pooled cross-validated figures of one development set. */
    public record CvResult(DevSet set, int folds, Confusion rules, Confusion model, Confusion combined,
                           float[] modelThresholds, float[] combinedThresholds) {}

    /** How many times each development row is repeated in training: in-domain rows count more than the large adult sets. */
    private int devWeight = 1;
    private java.util.Set<String> only;

    public ModelTraining devWeight(int w) {
        this.devWeight = w;
        return this;
    }

    /** Cross-validate only the sets whose names start with one of these (experiments); null = all. */
    public ModelTraining only(java.util.Set<String> names) {
        this.only = names;
        return this;
    }

    private void addDev(List<Example> rows, Example e) {
        for (int i = 0; i < devWeight; i++) {
            rows.add(e);
        }
    }

    public List<CvResult> crossValidate(int k, PrintStream progress) {
        if (k < 2) {
            throw new IllegalArgumentException("--folds must be >= 2");
        }
        List<CvResult> out = new ArrayList<>();
        for (int si = 0; si < corpus.dev.size(); si++) {
            Corpus.Dev s = corpus.dev.get(si);
            if (only != null && only.stream().noneMatch(s.set.name()::startsWith)) {
                continue;
            }
            int[] fold = folds(s.size(), k, params.seed() ^ (31L * si + 7));
            Confusion rules = new Confusion();
            Confusion model = new Confusion();
            Confusion combined = new Confusion();
            float[] tm = new float[k];
            float[] tc = new float[k];
            for (int f = 0; f < k; f++) {
                List<Integer> inTrain = new ArrayList<>();
                for (int i = 0; i < s.size(); i++) {
                    if (fold[i] != f) {
                        inTrain.add(i);
                    }
                }
                Collections2.shuffle(inTrain, new Random(params.seed() * 1_000_003L + 97L * si + f));
                int nVal = (int) Math.round(inTrain.size() * VALIDATION_SHARE);
                List<Integer> val = inTrain.subList(0, nVal);
                List<Example> rows = new ArrayList<>(train);
                for (int oi = 0; oi < corpus.dev.size(); oi++) {
                    if (oi != si) {
                        corpus.dev.get(oi).examples.forEach(e -> addDev(rows, e));
                    }
                }
                for (int i : inTrain.subList(nVal, inTrain.size())) {
                    addDev(rows, s.examples.get(i));
                }
                LinearModel m = new Trainer(params).train(rows, concerns, "cv", Map.of());
                int ci = s.set.concern().ordinal();
                double[] vs = new double[val.size()];
                boolean[] vr = new boolean[val.size()];
                boolean[] vg = new boolean[val.size()];
                for (int j = 0; j < val.size(); j++) {
                    int i = val.get(j);
                    vs[j] = m.score(s.examples.get(i), ci);
                    vr[j] = s.rules(i);
                    vg[j] = s.gold(i);
                }
                tm[f] = boundByOrdinary(m, ci, Thresholds.choose(vs, new boolean[vs.length], vg, s.set.maxFpr()));
                tc[f] = boundByOrdinary(m, ci, Thresholds.choose(vs, vr, vg, s.set.maxFpr()));
                for (int i = 0; i < s.size(); i++) {
                    if (fold[i] != f) {
                        continue;
                    }
                    double p = m.score(s.examples.get(i), ci);
                    rules.add(s.gold(i), s.rules(i));
                    model.add(s.gold(i), p >= tm[f]);
                    combined.add(s.gold(i), s.rules(i) || p >= tc[f]);
                }
                if (progress != null) {
                    progress.printf(Locale.ROOT, "  %s fold %d/%d: thresholds model %.3f combined %.3f%n", s.set.name(), f + 1, k, tm[f], tc[f]);
                }
            }
            out.add(new CvResult(s.set, k, rules, model, combined, tm, tc));
        }
        return out;
    }

    /** Fold of each row: a seeded shuffle dealt round-robin, so folds differ in size by at most one. */
    static int[] folds(int n, int k, long seed) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            idx.add(i);
        }
        Collections2.shuffle(idx, new Random(seed));
        int[] fold = new int[n];
        for (int j = 0; j < n; j++) {
            fold[idx.get(j)] = j % k;
        }
        return fold;
    }

    /** The final model and its thresholds (see the class comment); {@code version} names it. */
    public LinearModel trainFinal(String version, Map<String, String> info) {
        List<Example> rows = new ArrayList<>(train);
        List<List<Integer>> vals = new ArrayList<>();
        for (int si = 0; si < corpus.dev.size(); si++) {
            Corpus.Dev s = corpus.dev.get(si);
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < s.size(); i++) {
                idx.add(i);
            }
            Collections2.shuffle(idx, new Random(params.seed() * 7_919L + si));
            int nVal = (int) Math.round(s.size() * VALIDATION_SHARE);
            vals.add(new ArrayList<>(idx.subList(0, nVal)));
            for (int i : idx.subList(nVal, idx.size())) {
                addDev(rows, s.examples.get(i));
            }
        }
        LinearModel m = new Trainer(params).train(rows, concerns, version, info);
        float[] t = new float[concerns.size()];
        Arrays.fill(t, 0.5f);
        boolean[] chosen = new boolean[concerns.size()];
        for (int si = 0; si < corpus.dev.size(); si++) {
            Corpus.Dev s = corpus.dev.get(si);
            int ci = s.set.concern().ordinal();
            if (chosen[ci] || s.set.name().toLowerCase(Locale.ROOT).startsWith("davidson")) {
                continue;
            }
            List<Integer> val = vals.get(si);
            double[] vs = new double[val.size()];
            boolean[] vr = new boolean[val.size()];
            boolean[] vg = new boolean[val.size()];
            for (int j = 0; j < val.size(); j++) {
                int i = val.get(j);
                vs[j] = m.score(s.examples.get(i), ci);
                vr[j] = s.rules(i);
                vg[j] = s.gold(i);
            }
            t[ci] = Thresholds.choose(vs, vr, vg, s.set.maxFpr());
            chosen[ci] = true;
        }
        int sx = Concern.SEXUAL.ordinal();
        if (!chosen[sx]) {
            // no human-labelled sexual set: the rule-derived labels of every validation row, model alone
            List<Double> vs = new ArrayList<>();
            List<Boolean> vg = new ArrayList<>();
            for (int si = 0; si < corpus.dev.size(); si++) {
                Corpus.Dev s = corpus.dev.get(si);
                for (int i : vals.get(si)) {
                    vs.add(m.score(s.examples.get(i), sx));
                    vg.add(s.examples.get(i).labels()[sx] == 1);
                }
            }
            double[] a = vs.stream().mapToDouble(Double::doubleValue).toArray();
            boolean[] g = new boolean[a.length];
            for (int i = 0; i < a.length; i++) {
                g[i] = vg.get(i);
            }
            t[sx] = Thresholds.choose(a, new boolean[a.length], g, 1);
        }
        for (int ci = 0; ci < t.length; ci++) {
            t[ci] = boundByOrdinary(m, ci, t[ci]);
            if (t[ci] >= Thresholds.OFF) {
                t[ci] = 0.99f; // the validation found no gain; keep the concern for very confident scores only
            }
        }
        return m.withThresholds(t, version);
    }

    /** Shuffle with our own loop: {@code Collections.shuffle}'s use of the Random is not part of its contract. */
    static final class Collections2 {
        static void shuffle(List<Integer> l, Random rnd) {
            for (int i = l.size() - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                Integer t = l.get(i);
                l.set(i, l.get(j));
                l.set(j, t);
            }
        }
    }

    /** Table of cross-validated figures, one line per set and detector. */
    public static void print(List<CvResult> results, PrintStream out) {
        out.printf(Locale.ROOT, "%-34s %-9s %6s %6s %6s %6s%n", "set (criterion)", "detector", "P", "R", "F1", "FPR");
        for (CvResult r : results) {
            String name = r.set().name() + " (" + r.set().concern().label() + ")";
            row(out, name, "rules", r.rules());
            row(out, "", "model", r.model());
            row(out, "", "combined", r.combined());
        }
    }

    private static void row(PrintStream out, String name, String det, Confusion c) {
        out.printf(Locale.ROOT, "%-34s %-9s %6.3f %6.3f %6.3f %6.3f%n", name, det, c.precision(), c.recall(), c.f1(), c.fpr());
    }
}
