package org.chatguard.rules.ml;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.chatguard.model.Action;
import org.chatguard.model.RuleMatch;
import org.chatguard.model.Tier;
import org.chatguard.rules.Detector;
import org.chatguard.rules.Finding;
import org.chatguard.rules.analysis.FusedChatChain;

/**
 * The learned models as a {@link Detector}: reads the analyzer's tokens in the engine's pass, scores every
 * concern ({@link ModelScores}, on every verdict), and for each concern at or above the site's threshold adds
 * a finding per top n-gram (up to {@link #TOP}): rule id {@code model:CONCERN}, the concern's category, the
 * n-gram's span, the policy's action and tier, and a reason code naming the n-grams, e.g.
 * {@code self-harm: model 0.91 on "want die", "anymore", "sleep" (model cgml-1a2b3c4d)}. Nothing else of the
 * message appears in it.
 */
public final class ModelDetector implements Detector {

    public static final String DEFAULT_MODEL_RESOURCE = "/org/chatguard/rules/ml/default-model.cgm";
    /** Rule ids of model findings start with this ("model:self-harm"). */
    public static final String ID_PREFIX = "model:";
    /** How many n-grams name and span a model flag. */
    public static final int TOP = 3;
    /** Severity of model findings (1-5 like rules): a model flag is evidence of a concern, not its worst form. */
    static final int SEVERITY = 3;

    private static volatile LinearModel defaultModel;

    private final LinearModel model;
    private final float[] threshold = new float[Concern.values().length];
    private final int[] index = new int[Concern.values().length];
    private final Tier[] tier = new Tier[Concern.values().length];
    private final Action[] action = new Action[Concern.values().length];
    private final String[] ruleId = new String[Concern.values().length];
    private final int[] minWords = new int[Concern.values().length];

    public ModelDetector(LinearModel model, ModelPolicy policy) {
        this.model = Objects.requireNonNull(model, "model");
        java.util.Arrays.fill(threshold, Float.NaN);
        java.util.Arrays.fill(index, -1);
        for (int i = 0; i < model.concerns().size(); i++) {
            Concern c = model.concerns().get(i);
            index[c.ordinal()] = i;
            threshold[c.ordinal()] = policy.off(c) ? Float.POSITIVE_INFINITY : policy.threshold(c, model.threshold(i));
            tier[c.ordinal()] = policy.tier(c);
            action[c.ordinal()] = policy.action(c);
            ruleId[c.ordinal()] = ID_PREFIX + c.label();
            minWords[c.ordinal()] = policy.minWords(c);
        }
    }

    /** The bundled model, loaded and validated once. A broken bundled model is a build fault: it fails loudly. */
    public static LinearModel defaultModel() {
        LinearModel m = defaultModel;
        if (m == null) {
            synchronized (ModelDetector.class) {
                m = defaultModel;
                if (m == null) {
                    try (InputStream in = ModelDetector.class.getResourceAsStream(DEFAULT_MODEL_RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException("bundled model " + DEFAULT_MODEL_RESOURCE + " missing");
                        }
                        m = ModelFile.read(in, DEFAULT_MODEL_RESOURCE);
                    } catch (IOException | ModelFileException e) {
                        throw new IllegalStateException("bundled model is unusable: " + e.getMessage(), e);
                    }
                    defaultModel = m;
                }
            }
        }
        return m;
    }

    public LinearModel model() {
        return model;
    }

    @Override
    public String kind() {
        return "model";
    }

    @Override
    public String version() {
        return model.version();
    }

    @Override
    public Set<String> alertingIds() {
        Set<String> s = new HashSet<>();
        for (Concern c : model.concerns()) {
            if (tier[c.ordinal()] != null) {
                s.add(ruleId[c.ordinal()]);
            }
        }
        return s;
    }

    /** The threshold in force for {@code c} (the site's or the model's), NaN if the model lacks it. */
    public float threshold(Concern c) {
        return threshold[c.ordinal()];
    }

    @Override
    public Detector.Session newSession() {
        return new Session();
    }

    private final class Session implements Detector.Session {
        final Featurizer features = model.featurizer();
        final Featurizer explainer = model.featurizer();
        final double[] p = new double[model.concerns().size()];

        Session() {
            explainer.recordTerms = true;
        }

        @Override
        public FusedChatChain.Sink tokens() {
            return features;
        }

        @Override
        public void start() {
            features.clear();
        }

        @Override
        public void finish(Detector.Message m, Detector.Findings out) throws IOException {
            model.score(features, p);
            float[] byConcern = new float[Concern.values().length];
            java.util.Arrays.fill(byConcern, Float.NaN);
            boolean explained = false;
            for (Concern c : Concern.values()) {
                int i = index[c.ordinal()];
                if (i < 0) {
                    continue;
                }
                byConcern[c.ordinal()] = (float) p[i];
                if (p[i] < threshold[c.ordinal()] || features.words() < minWords[c.ordinal()]) {
                    continue;
                }
                if (!explained) {
                    explainer.of(m.text());
                    explained = true;
                }
                List<LinearModel.Contribution> top = model.explain(explainer, i, TOP);
                if (top.isEmpty()) {
                    continue; // nothing carried the score but the bias: no span, no flag
                }
                String reason = reason(c, p[i], top);
                for (LinearModel.Contribution k : top) {
                    out.add(new Finding(new RuleMatch(ruleId[c.ordinal()], c.category(), SEVERITY, action[c.ordinal()],
                            k.start(), k.end(), null), tier[c.ordinal()], reason));
                }
            }
            out.scores(ModelScores.wrap(model.version(), byConcern, threshold)); // threshold[] is never written after construction
        }
    }

    private String reason(Concern c, double p, List<LinearModel.Contribution> top) {
        StringBuilder b = new StringBuilder(c.label()).append(": model ").append(String.format(Locale.ROOT, "%.2f", p)).append(" on ");
        for (int i = 0; i < top.size(); i++) {
            b.append(i == 0 ? "" : ", ").append('"').append(top.get(i).ngram()).append('"');
        }
        return b.append(" (model ").append(model.version()).append(')').toString();
    }
}
