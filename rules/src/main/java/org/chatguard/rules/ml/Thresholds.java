package org.chatguard.rules.ml;

import java.util.Arrays;

/**
 * Picks a concern's threshold on a validation split: the probability that maximises F1 of
 * "rules flagged OR model score >= t" (or of the model alone, with no rule flags), optionally subject to a
 * ceiling on the false-positive rate. Never called with the rows a figure is reported on.
 */
public final class Thresholds {

    /** A threshold above every probability: the model never flags. */
    public static final float OFF = 1.01f;
    /**
     * How much F1 the model must add on the validation split before it is switched on beside the rules: a
     * gain smaller than this is within the split's noise (about 0.005 on a few hundred rows) and would as
     * likely cost F1 on unseen data; "no set worse than the rules alone" is then the default outcome.
     */
    static final double MIN_GAIN = 0.005;

    private Thresholds() {}

    /**
     * @param scores model probabilities
     * @param rules  whether the rules flagged each row (all false for the model alone)
     * @param gold   labels
     * @param maxFpr ceiling on the false-positive rate, or 1 for none
     */
    public static float choose(double[] scores, boolean[] rules, boolean[] gold, double maxFpr) {
        int n = scores.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(scores[b], scores[a]));
        long pos = 0;
        long neg = 0;
        long tp = 0;
        long fp = 0;
        for (int i = 0; i < n; i++) {
            if (gold[i]) {
                pos++;
            } else {
                neg++;
            }
            if (rules[i]) {
                if (gold[i]) {
                    tp++;
                } else {
                    fp++;
                }
            }
        }
        float best = OFF;
        boolean anyRule = tp + fp > 0;
        double bestF1 = f1(tp, fp, pos) + (anyRule ? MIN_GAIN : -1e-12); // the model off: rules alone
        if (neg > 0 && (double) fp / neg > maxFpr) {
            bestF1 = -1;
        }
        // lower the threshold one row at a time (ties move together); rows the rules flag already change nothing
        for (int k = 0; k < n; ) {
            double s = scores[idx[k]];
            while (k < n && scores[idx[k]] == s) {
                int i = idx[k++];
                if (!rules[i]) {
                    if (gold[i]) {
                        tp++;
                    } else {
                        fp++;
                    }
                }
            }
            if (neg > 0 && (double) fp / neg > maxFpr) {
                break;
            }
            double f = f1(tp, fp, pos);
            if (f > bestF1) {
                bestF1 = f;
                // halfway to the next lower score, so a near-identical unseen score lands on the same side
                double next = k < n ? scores[idx[k]] : 0;
                best = (float) ((s + next) / 2);
            }
        }
        return best;
    }

    static double f1(long tp, long fp, long pos) {
        double p = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        double r = pos == 0 ? 0 : (double) tp / pos;
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
}
