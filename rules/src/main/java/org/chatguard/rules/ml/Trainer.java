package org.chatguard.rules.ml;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Fits one logistic regression per concern with AdaGrad and L2 on the hashed features, deterministic for a
 * seed: one thread, a seeded shuffle per epoch, Java's strict floating point. Same rows and seed, same
 * weights, same file bytes.
 *
 * <p>Each row trains only the concerns it is labelled for ({@link Example#labels} -1 = unknown), so a
 * self-harm set and a bullying set can be mixed without calling every self-harm post "not bullying".
 * L2 is applied lazily to the weights a row touches (the usual sparse approximation).
 */
public final class Trainer {

    /**
     * Hyper-parameters; defaults chosen by cross-validation on the development sets (see MODEL-CARD.md).
     * {@code wordsOnly}: concerns trained without character n-grams (their weights stay zero). SEXUAL is, by
     * default: its labels come from the rule pack's whole-word matches, and character n-grams then learn
     * "sex" inside "Essex" and "Middlesex" (the Scunthorpe problem) from labels that cannot correct it.
     */
    public record Params(int bits, int epochs, double learningRate, double l2, long seed, java.util.Set<Concern> wordsOnly) {
        public static Params defaults(long seed) {
            return new Params(18, 4, 0.3, 1e-6, seed, java.util.EnumSet.of(Concern.SEXUAL));
        }
    }

    private final Params p;

    public Trainer(Params p) {
        this.p = p;
    }

    /** Trains and quantises; thresholds start at 0.5 (choose them on a validation split afterwards). */
    public LinearModel train(List<Example> rows, List<Concern> concerns, String version, Map<String, String> info) {
        int c = concerns.size();
        int buckets = 1 << p.bits();
        float[] w = new float[buckets * c];
        float[] g = new float[buckets * c];
        double[] bias = new double[c];
        double[] gb = new double[c];
        boolean[] wordsOnly = new boolean[c];
        for (int ci = 0; ci < c; ci++) {
            wordsOnly[ci] = p.wordsOnly().contains(concerns.get(ci));
        }
        int[] order = new int[rows.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random rnd = new Random(p.seed());
        double lr = p.learningRate();
        double l2 = p.l2();
        final int mask = (1 << 30) - 1;
        for (int epoch = 0; epoch < p.epochs(); epoch++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int idx : order) {
                Example ex = rows.get(idx);
                int[] f = ex.features();
                double wv = ex.wordValue();
                double cvAll = ex.charValue();
                for (int ci = 0; ci < c; ci++) {
                    byte y = ex.labels()[ci];
                    if (y < 0) {
                        continue;
                    }
                    double cv = wordsOnly[ci] ? 0 : cvAll;
                    double z = bias[ci];
                    for (int feat : f) {
                        z += w[(feat & mask) * c + ci] * ((feat >>> 30) != 0 ? cv : wv);
                    }
                    double err = LinearModel.sigmoid(z) - y;
                    gb[ci] += err * err;
                    bias[ci] -= lr * err / Math.sqrt(gb[ci] + 1e-8);
                    for (int feat : f) {
                        int o = (feat & mask) * c + ci;
                        double x = (feat >>> 30) != 0 ? cv : wv;
                        double grad = err * x + l2 * w[o];
                        g[o] += (float) (grad * grad);
                        w[o] -= (float) (lr * grad / Math.sqrt(g[o] + 1e-8));
                    }
                }
            }
        }
        return quantise(w, bias, concerns, version, info);
    }

    /**
     * One signed byte per weight, scale per concern from the largest magnitude: weights below half a step
     * become zero, which costs little because such weights carry almost nothing (checked by the CV figures,
     * which are computed on the quantised model).
     */
    private LinearModel quantise(float[] w, double[] bias, List<Concern> concerns, String version, Map<String, String> info) {
        int c = concerns.size();
        float[] scale = new float[c];
        for (int i = 0; i < w.length; i++) {
            int ci = i % c;
            scale[ci] = Math.max(scale[ci], Math.abs(w[i]));
        }
        for (int ci = 0; ci < c; ci++) {
            scale[ci] = scale[ci] == 0 ? 1 : scale[ci] / 127f;
        }
        byte[] q = new byte[w.length];
        for (int i = 0; i < w.length; i++) {
            q[i] = (byte) Math.max(-127, Math.min(127, Math.round(w[i] / scale[i % c])));
        }
        float[] b = new float[c];
        float[] t = new float[c];
        for (int ci = 0; ci < c; ci++) {
            b[ci] = (float) bias[ci];
            t[ci] = 0.5f;
        }
        return new LinearModel(version, p.bits(), concerns, q, scale, b, t, info);
    }
}
