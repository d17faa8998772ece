package org.chatguard.rules.ml;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The model's probability per {@link Concern} for one message, and the thresholds they were compared with:
 * what conversation and user risk read as graded per-message signals (a 0.4 self-harm score is worth
 * counting even where it does not flag). Immutable. {@link #score} is {@code NaN} for a concern the model
 * did not score (no model, or a model without that concern).
 */
public final class ModelScores implements java.io.Serializable {

    private static final long serialVersionUID = 1L;
    private static final int C = Concern.values().length;
    private static final ModelScores NONE = new ModelScores(null, nan(), nan());

    private final String modelVersion;
    private final float[] score;
    private final float[] threshold;

    private ModelScores(String modelVersion, float[] score, float[] threshold) {
        this.modelVersion = modelVersion;
        this.score = score;
        this.threshold = threshold;
    }

    private static float[] nan() {
        float[] f = new float[C];
        Arrays.fill(f, Float.NaN);
        return f;
    }

    /** No scores: an engine without a model ({@code modelVersion} null), or a message the model failed on. */
    public static ModelScores none(String modelVersion) {
        return modelVersion == null ? NONE : new ModelScores(modelVersion, nan(), nan());
    }

    /** Scores indexed by {@link Concern#ordinal()} ({@code NaN} for concerns not scored). */
    public static ModelScores of(String modelVersion, float[] scoreByConcern, float[] thresholdByConcern) {
        if (scoreByConcern.length != C || thresholdByConcern.length != C) {
            throw new IllegalArgumentException("one score and threshold per concern");
        }
        return new ModelScores(Objects.requireNonNull(modelVersion, "modelVersion"), scoreByConcern.clone(),
                thresholdByConcern.clone());
    }

    /** As {@link #of} without copies, for the engine's hot path: the caller hands over arrays it never changes again. */
    static ModelScores wrap(String modelVersion, float[] scoreByConcern, float[] thresholdByConcern) {
        return new ModelScores(modelVersion, scoreByConcern, thresholdByConcern);
    }

    /** The model that scored, or {@code null} when none did. */
    public String modelVersion() {
        return modelVersion;
    }

    /** Probability (0..1) of {@code c}, or {@code NaN} when not scored. */
    public double score(Concern c) {
        return score[c.ordinal()];
    }

    /** The threshold the site's policy flags {@code c} at ({@code NaN} when not scored). */
    public double threshold(Concern c) {
        return threshold[c.ordinal()];
    }

    /**
     * Whether {@code c} scored at or above its threshold. The engine's flag also needs the policy's other
     * conditions (grooming: a long enough text), so this is the raw comparison, for risk scoring.
     */
    public boolean flagged(Concern c) {
        return score[c.ordinal()] >= threshold[c.ordinal()];
    }

    /** Whether any concern was scored. */
    public boolean scored() {
        for (float f : score) {
            if (!Float.isNaN(f)) {
                return true;
            }
        }
        return false;
    }

    /** The scored concerns and their probabilities, in concern order. */
    public Map<Concern, Double> asMap() {
        Map<Concern, Double> m = new EnumMap<>(Concern.class);
        for (Concern c : Concern.values()) {
            if (!Float.isNaN(score[c.ordinal()])) {
                m.put(c, (double) score[c.ordinal()]);
            }
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelScores s && Objects.equals(modelVersion, s.modelVersion) && Arrays.equals(score, s.score)
                && Arrays.equals(threshold, s.threshold);
    }

    @Override
    public int hashCode() {
        return Objects.hash(modelVersion, Arrays.hashCode(score), Arrays.hashCode(threshold));
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("ModelScores[").append(modelVersion);
        for (Concern c : Concern.values()) {
            if (!Float.isNaN(score[c.ordinal()])) {
                b.append(String.format(Locale.ROOT, " %s=%.3f/%.3f", c.label(), score[c.ordinal()], threshold[c.ordinal()]));
            }
        }
        return b.append(']').toString();
    }
}
