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
 * <p>Written {@code concern.key=value} separated by commas, e.g.
 * {@code self-harm.threshold=0.3,bullying.tier=moderator,bullying.action=mask,sexual.off=true}.
 */
public final class ModelPolicy implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    public static final ModelPolicy DEFAULT = new ModelPolicy(new EnumMap<>(Concern.class));

    /** One concern's overrides; null fields keep the default. */
    record Rule(Float threshold, Tier tier, boolean tierSet, Action action, boolean off) implements java.io.Serializable {}

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
            Rule r = m.getOrDefault(c, new Rule(null, null, false, null, false));
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
                    r = new Rule(t, r.tier(), r.tierSet(), r.action(), r.off());
                }
                case "tier" -> {
                    Tier t = value.equalsIgnoreCase("none") ? null : parseEnum(Tier.class, value, c, key);
                    r = new Rule(r.threshold(), t, true, r.action(), r.off());
                }
                case "action" -> r = new Rule(r.threshold(), r.tier(), r.tierSet(), parseEnum(Action.class, value, c, key), r.off());
                case "off" -> r = new Rule(r.threshold(), r.tier(), r.tierSet(), r.action(), Boolean.parseBoolean(value));
                default -> throw new IllegalArgumentException("model policy " + c.label() + "." + key
                        + ": unknown key (threshold, tier, action, off)");
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
        return r != null && r.off();
    }
}
