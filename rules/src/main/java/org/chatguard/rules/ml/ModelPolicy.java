package org.chatguard.rules.ml;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.chatguard.model.Action;
import org.chatguard.model.Tier;

/**
 * A site's policy for model flags, per concern: the threshold (default: the one chosen on a validation split
 * when the model was trained), who is alerted (default {@link Concern#defaultTier()}), what the site does
 * (default {@link Action#ALLOW}: a signal for staff and for conversation risk), or {@code off}.
 *
 * <p>A model flag is evidence, not proof: by default it adds a category, a reason code and (for self-harm and
 * grooming) an alert, and never changes what the child sees. A site may ask for MASK, HOLD or BLOCK; a MASK
 * hides only the n-grams that carried the score (a model flag's span), never the whole message.
 *
 * <p>Two defaults are not "on at the trained threshold":
 * <ul>
 *   <li>GROOMING flags a message only from {@link #DEFAULT_GROOMING_MIN_WORDS} words up: its model learnt from
 *       conversation excerpts (the PAN12 segments have 37 words and more) and on one chat line ("I'll call you
 *       later") its score means little. Shorter messages still get the score ({@link ModelScores}), which is
 *       what conversation-level grooming risk reads.</li>
 *   <li>SEXUAL is off: no human-labelled set exists for it, its labels were derived from the rule pack, and
 *       what it adds beyond the rules is unmeasured ({@code sexual.off=false} turns it on).</li>
 * </ul>
 *
 * <p>Written {@code concern.key=value} separated by commas, e.g.
 * {@code self-harm.threshold=0.3,bullying.tier=moderator,bullying.action=mask,sexual.off=false,grooming.min-words=10}.
 */
public final class ModelPolicy implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_GROOMING_MIN_WORDS = 30;

    public static final ModelPolicy DEFAULT = new ModelPolicy(new EnumMap<>(Concern.class));

    /** One concern's overrides; null fields keep the default. */
    record Rule(Float threshold, Tier tier, boolean tierSet, Action action, Boolean off, Integer minWords)
            implements java.io.Serializable {
        Rule with(Float t, Tier ti, boolean ts, Action a, Boolean o, Integer m) {
            return new Rule(t, ti, ts, a, o, m);
        }
    }

    private final Map<Concern, Rule> rules;

    private ModelPolicy(Map<Concern, Rule> rules) {
        this.rules = rules;
    }

    public static ModelPolicy parse(String spec) {
        Map<Concern, Rule> m = new EnumMap<>(Concern.class);
        if (spec == null || spec.isBlank()) {
            return DEFAULT;
        }
        for (String part : spec.split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            int dot = p.indexOf('.');
            if (eq < 0 || dot < 0 || dot > eq) {
                throw new IllegalArgumentException("model policy '" + p + "': expected concern.key=value");
            }
            Concern c = Concern.parse(p.substring(0, dot));
            String key = p.substring(dot + 1, eq).trim().toLowerCase(Locale.ROOT);
            String value = p.substring(eq + 1).trim();
            Rule r = m.getOrDefault(c, new Rule(null, null, false, null, null, null));
            switch (key) {
                case "threshold" -> {
                    float t;
                    try {
                        t = Float.parseFloat(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("model policy " + c.label() + ".threshold: not a number");
                    }
                    if (!(t > 0 && t <= 1)) {
                        throw new IllegalArgumentException("model policy " + c.label() + ".threshold must be in (0, 1]");
                    }
                    r = r.with(t, r.tier(), r.tierSet(), r.action(), r.off(), r.minWords());
                }
                case "tier" -> {
                    Tier t = value.equalsIgnoreCase("none") ? null : parseEnum(Tier.class, value, c, key);
                    r = r.with(r.threshold(), t, true, r.action(), r.off(), r.minWords());
                }
                case "action" -> r = r.with(r.threshold(), r.tier(), r.tierSet(), parseEnum(Action.class, value, c, key), r.off(),
                        r.minWords());
                case "off" -> {
                    if (!value.equals("true") && !value.equals("false")) {
                        throw new IllegalArgumentException("model policy " + c.label() + ".off must be true or false");
                    }
                    r = r.with(r.threshold(), r.tier(), r.tierSet(), r.action(), Boolean.parseBoolean(value), r.minWords());
                }
                case "min-words" -> {
                    int n;
                    try {
                        n = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("model policy " + c.label() + ".min-words: not a whole number");
                    }
                    if (n < 0) {
                        throw new IllegalArgumentException("model policy " + c.label() + ".min-words must be >= 0");
                    }
                    r = r.with(r.threshold(), r.tier(), r.tierSet(), r.action(), r.off(), n);
                }
                default -> throw new IllegalArgumentException("model policy " + c.label() + "." + key
                        + ": unknown key (threshold, tier, action, off, min-words)");
            }
            m.put(c, r);
        }
        return new ModelPolicy(m);
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String v, Concern c, String key) {
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model policy " + c.label() + "." + key + ": unknown value '" + v + "'");
        }
    }

    /** The threshold for {@code c}: the site's, else the model's. */
    public float threshold(Concern c, float modelThreshold) {
        Rule r = rules.get(c);
        return r != null && r.threshold() != null ? r.threshold() : modelThreshold;
    }

    public Tier tier(Concern c) {
        Rule r = rules.get(c);
        return r != null && r.tierSet() ? r.tier() : c.defaultTier();
    }

    public Action action(Concern c) {
        Rule r = rules.get(c);
        return r != null && r.action() != null ? r.action() : Action.ALLOW;
    }

    public boolean off(Concern c) {
        Rule r = rules.get(c);
        return r != null && r.off() != null ? r.off() : c == Concern.SEXUAL;
    }

    /** Fewest words a message needs before {@code c} may flag it. */
    public int minWords(Concern c) {
        Rule r = rules.get(c);
        return r != null && r.minWords() != null ? r.minWords() : c == Concern.GROOMING ? DEFAULT_GROOMING_MIN_WORDS : 0;
    }
}
