package org.chatguard.rules.ml;

import java.util.Locale;
import org.chatguard.model.Category;
import org.chatguard.model.Tier;

/**
 * What a message-level model scores. Concerns are coarser than {@link Category}: the labelled data says
 * "bullying" (an insult, hate or a threat aimed at someone), not which of the three it is, so the model
 * reports one concern and the engine files it under {@link #category()}.
 */
public enum Concern {
    /** Suicidal ideation and self-harm talk: a counsellor should look. */
    SELF_HARM(Category.SELF_HARM, Tier.COUNSELLOR),
    /** Insult, hate or violence aimed at a person. */
    BULLYING(Category.INSULT, null),
    /** Sexual talk a children's site acts on. */
    SEXUAL(Category.SEXUAL, null),
    /** Talk that reads like an adult grooming a child. */
    GROOMING(Category.GROOMING, Tier.SAFEGUARDING);

    private final Category category;
    private final Tier defaultTier;

    Concern(Category category, Tier defaultTier) {
        this.category = category;
        this.defaultTier = defaultTier;
    }

    /** The engine category a model flag of this concern is filed under. */
    public Category category() {
        return category;
    }

    /** Who is alerted by default when the model flags this concern ({@code null}: flag only). */
    public Tier defaultTier() {
        return defaultTier;
    }

    /** "self-harm", "bullying": used in reason codes and rule ids of model flags. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Concern parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown concern '" + s + "' (self-harm, bullying, sexual, grooming)");
        }
    }
}
