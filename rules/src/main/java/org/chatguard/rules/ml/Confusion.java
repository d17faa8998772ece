package org.chatguard.rules.ml;

import java.util.Locale;

/** Confusion counts and the figures reported from them. */
public final class Confusion {
    public long tp;
    public long fp;
    public long fn;
    public long tn;

    public void add(boolean gold, boolean predicted) {
        if (gold) {
            if (predicted) {
                tp++;
            } else {
                fn++;
            }
        } else if (predicted) {
            fp++;
        } else {
            tn++;
        }
    }

    public double precision() {
        return tp + fp == 0 ? 0 : (double) tp / (tp + fp);
    }

    public double recall() {
        return tp + fn == 0 ? 0 : (double) tp / (tp + fn);
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double fpr() {
        return fp + tn == 0 ? 0 : (double) fp / (fp + tn);
    }

    /** "P .xxx R .xxx F1 .xxx FPR .xxx". */
    public String summary() {
        return String.format(Locale.ROOT, "P %.3f R %.3f F1 %.3f FPR %.3f", precision(), recall(), f1(), fpr());
    }
}
