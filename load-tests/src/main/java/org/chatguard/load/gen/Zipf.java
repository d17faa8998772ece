package org.chatguard.load.gen;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Zipf-distributed ranks in {@code [0, n)}: rank {@code k} is drawn with probability proportional to
 * {@code 1 / (k+1)^s}. A few users and rooms carry most of the traffic, as on real chat sites.
 * Sampling is a binary search over the precomputed cumulative distribution (n doubles).
 */
public final class Zipf {

    private final double[] cdf;

    public Zipf(int n, double exponent) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1");
        }
        if (exponent < 0) {
            throw new IllegalArgumentException("exponent must be >= 0");
        }
        cdf = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += 1.0 / Math.pow(k + 1, exponent);
            cdf[k] = sum;
        }
        for (int k = 0; k < n; k++) {
            cdf[k] /= sum;
        }
        cdf[n - 1] = 1.0;
    }

    public int size() {
        return cdf.length;
    }

    public int sample(SplittableRandom rnd) {
        int i = Arrays.binarySearch(cdf, rnd.nextDouble());
        return i >= 0 ? i : Math.min(-i - 1, cdf.length - 1);
    }

    /** Probability of rank {@code k}. */
    public double probability(int k) {
        return k == 0 ? cdf[0] : cdf[k] - cdf[k - 1];
    }
}
