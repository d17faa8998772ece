package org.chatguard.rules.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A trained model: one logistic regression per {@link Concern} over the hashed features of
 * {@link Featurizer}, weights quantised to one signed byte per bucket and concern (per-concern scale), so
 * 2^18 buckets and four concerns take 1 MiB. Scoring is one pass over the features with integer sums;
 * immutable and thread-safe (callers bring their own {@link Featurizer}).
 *
 * <p>{@code logit_c = bias_c + scale_c * (sum_words q[b][c] / sqrt(#words) + sum_chars q[b][c] / sqrt(#chars))},
 * {@code p_c = 1 / (1 + e^-logit_c)}. The probabilities are those of a logistic regression fitted on the
 * training mix (calibrated on data like it, not on every site); the per-concern thresholds were chosen on a
 * validation split and can be overridden per site ({@link ModelPolicy}).
 */
public final class LinearModel {

    private final String version;
    private final int bits;
    private final List<Concern> concerns;
    private final byte[] weights;
    private final float[] scale;
    private final float[] bias;
    private final float[] threshold;
    private final Map<String, String> info;

    public LinearModel(String version, int bits, List<Concern> concerns, byte[] weights, float[] scale, float[] bias,
                       float[] threshold, Map<String, String> info) {
        this.version = Objects.requireNonNull(version, "version");
        this.bits = bits;
        this.concerns = List.copyOf(concerns);
        int c = this.concerns.size();
        if (c == 0 || weights.length != (1 << bits) * c || scale.length != c || bias.length != c || threshold.length != c) {
            throw new IllegalArgumentException("model arrays do not match " + c + " concerns and 2^" + bits + " buckets");
        }
        this.weights = weights;
        this.scale = scale.clone();
        this.bias = bias.clone();
        this.threshold = threshold.clone();
        this.info = Map.copyOf(info);
    }

    public String version() {
        return version;
    }

    public int bits() {
        return bits;
    }

    public List<Concern> concerns() {
        return concerns;
    }

    /** Threshold (a probability) at which concern {@code i} flags, as chosen at training time. */
    public float threshold(int i) {
        return threshold[i];
    }

    public Map<String, String> info() {
        return info;
    }

    byte[] weights() {
        return weights;
    }

    float[] scale() {
        return scale.clone();
    }

    float[] bias() {
        return bias.clone();
    }

    float[] thresholds() {
        return threshold.clone();
    }

    /** The same weights with other thresholds (a site's policy, or thresholds chosen after training). */
    public LinearModel withThresholds(float[] t, String newVersion) {
        return new LinearModel(newVersion, bits, concerns, weights, scale, bias, t, info);
    }

    public Featurizer featurizer() {
        return new Featurizer(bits);
    }

    /** Heap taken by the weights and arrays of this model, in bytes (the featurizer's scratch is per thread). */
    public long memoryBytes() {
        return weights.length + 16L * concerns.size() + 64;
    }

    /** Probabilities per concern (in {@link #concerns()} order) of the features in {@code f}, into {@code out}. */
    public void score(Featurizer f, double[] out) {
        int c = concerns.size();
        if (c == 4) {
            score4(f, out);
            return;
        }
        int[] w = new int[c];
        int[] ch = new int[c];
        final byte[] q = weights;
        final int[] b = f.bucket;
        final byte[] k = f.kind;
        for (int i = 0, n = f.size; i < n; i++) {
            int o = b[i] * c;
            if (k[i] == Featurizer.CHAR) {
                for (int j = 0; j < c; j++) {
                    ch[j] += q[o + j];
                }
            } else {
                for (int j = 0; j < c; j++) {
                    w[j] += q[o + j];
                }
            }
        }
        double wv = f.wordValue();
        double cv = f.charValue();
        for (int j = 0; j < c; j++) {
            out[j] = sigmoid(bias[j] + scale[j] * (w[j] * wv + ch[j] * cv));
        }
    }

    /** The hot path (four concerns): sums in locals, no allocation; the bytes of a bucket are adjacent. */
    private void score4(Featurizer f, double[] out) {
        final byte[] q = weights;
        final int[] b = f.bucket;
        final byte[] k = f.kind;
        int w0 = 0, w1 = 0, w2 = 0, w3 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        for (int i = 0, n = f.size; i < n; i++) {
            int o = b[i] << 2;
            if (k[i] == Featurizer.CHAR) {
                c0 += q[o];
                c1 += q[o + 1];
                c2 += q[o + 2];
                c3 += q[o + 3];
            } else {
                w0 += q[o];
                w1 += q[o + 1];
                w2 += q[o + 2];
                w3 += q[o + 3];
            }
        }
        double wv = f.wordValue();
        double cv = f.charValue();
        out[0] = sigmoid(bias[0] + scale[0] * (w0 * wv + c0 * cv));
        out[1] = sigmoid(bias[1] + scale[1] * (w1 * wv + c1 * cv));
        out[2] = sigmoid(bias[2] + scale[2] * (w2 * wv + c2 * cv));
        out[3] = sigmoid(bias[3] + scale[3] * (w3 * wv + c3 * cv));
    }

    /** Probability of concern {@code ci} for a training row's features. */
    double score(Example ex, int ci) {
        int c = concerns.size();
        long w = 0;
        long ch = 0;
        for (int feat : ex.features()) {
            int q = weights[(feat & ((1 << 30) - 1)) * c + ci];
            if ((feat >>> 30) != 0) {
                ch += q;
            } else {
                w += q;
            }
        }
        return sigmoid(bias[ci] + scale[ci] * (w * ex.wordValue() + ch * ex.charValue()));
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /**
     * What carried concern {@code ci}'s score: the features' contributions summed per normalised term
     * (its word and character n-grams) and per word pair (bigrams), the {@code k} largest positive ones.
     * {@code f} must have been filled with {@link Featurizer#recordTerms} on.
     */
    public List<Contribution> explain(Featurizer f, int ci, int k) {
        int c = concerns.size();
        double wv = f.wordValue();
        double cv = f.charValue();
        // keyed by span: the stacked readings of one word ("midlesex" beside "middlesex") are one item, named by
        // its first reading
        Map<Long, Contribution> by = new HashMap<>();
        for (int i = 0; i < f.size; i++) {
            double v = scale[ci] * weights[f.bucket[i] * c + ci] * (f.kind[i] == Featurizer.CHAR ? cv : wv);
            int t = f.token[i];
            boolean bigram = f.kind[i] == Featurizer.BIGRAM;
            int first = bigram ? f.tokPrev[t] : t;
            int s = f.tokStart[first];
            int e = f.tokEnd[t];
            long key = ((long) s << 32 | e) ^ (bigram ? Long.MIN_VALUE : 0);
            Contribution prev = by.get(key);
            if (prev == null) {
                String ngram = bigram ? f.terms[first] + " " + f.terms[t] : f.terms[t];
                by.put(key, new Contribution(ngram, s, e, v));
            } else {
                by.put(key, new Contribution(prev.ngram(), s, e, prev.weight() + v));
            }
        }
        // then one item per n-gram: a repeated word sums its occurrences and keeps the first one's span
        Map<String, Contribution> named = new HashMap<>();
        for (Contribution x : by.values()) {
            named.merge(x.ngram(), x, (a, b) -> a.start() <= b.start()
                    ? new Contribution(a.ngram(), a.start(), a.end(), a.weight() + b.weight())
                    : new Contribution(b.ngram(), b.start(), b.end(), a.weight() + b.weight()));
        }
        List<Contribution> out = new ArrayList<>(named.values());
        out.removeIf(x -> x.weight() <= 0);
        out.sort(Comparator.comparingDouble(Contribution::weight).reversed().thenComparing(Contribution::ngram));
        return out.size() > k ? new ArrayList<>(out.subList(0, k)) : out;
    }

    /** One n-gram (a normalised term or word pair) and its share of a score; start/end: its span in the message. */
    public record Contribution(String ngram, int start, int end, double weight) {}

    @Override
    public String toString() {
        return "LinearModel[" + version + ", 2^" + bits + " buckets, " + concerns + ", thresholds " + Arrays.toString(threshold) + "]";
    }
}
