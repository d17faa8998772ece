package org.chatguard.rules.lang;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.RuleMatch;
import org.chatguard.model.Tier;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.RulePack;
import org.chatguard.rules.RulePackException;
import org.chatguard.rules.RulePackLoader;
import org.chatguard.rules.Verdict;

/**
 * One verdict per message from the English pack and, when {@link LanguageGuess} sees any Spanish in it (or cannot
 * tell: content words only, {@link LanguageGuess#undecided}), the Spanish pack too. The English pack always reads the message (it is the site's default language, and a wrong
 * guess must never cost a concern); Spanish or mixed messages are also read by the Spanish pack and the two
 * verdicts are merged: the most severe action wins, spans, categories and reasons are unioned, the higher alert
 * tier wins, and the verdict records both packs' versions ({@code en-version+es-version}) when both contributed
 * (the English version alone when the Spanish pack found nothing) and the language read ({@code en}, {@code es},
 * {@code en+es}).
 *
 * <p>A thin composition over two {@link ModerationEngine}s (no engine internals), so that it can become a
 * detector beside others later. Immutable and thread-safe like the engines.
 */
public final class LanguageRouter {

    public static final String SPANISH_PACK_RESOURCE = "/org/chatguard/rules/es-default-pack.yaml";
    public static final String EN = "en";
    public static final String ES = "es";
    public static final String MIXED = "en+es";

    private static volatile RulePack spanishDefault;

    private final ModerationEngine english;
    private final ModerationEngine spanish;

    public LanguageRouter(ModerationEngine english, ModerationEngine spanish) {
        this.english = Objects.requireNonNull(english, "english");
        this.spanish = Objects.requireNonNull(spanish, "spanish");
    }

    /** The bundled English and Spanish packs. */
    public static LanguageRouter defaults() {
        return new LanguageRouter(ModerationEngine.defaultEngine(), ModerationEngine.of(defaultSpanishPack()));
    }

    /** {@code english} beside the bundled Spanish pack: what a site's own (English) pack runs with. */
    public static LanguageRouter withEnglish(ModerationEngine english) {
        return new LanguageRouter(english, ModerationEngine.of(defaultSpanishPack()));
    }

    /** The bundled Spanish pack (parsed once, then shared). */
    public static RulePack defaultSpanishPack() {
        RulePack p = spanishDefault;
        if (p == null) {
            synchronized (LanguageRouter.class) {
                p = spanishDefault;
                if (p == null) {
                    try (InputStream in = LanguageRouter.class.getResourceAsStream(SPANISH_PACK_RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException("missing classpath resource " + SPANISH_PACK_RESOURCE);
                        }
                        p = RulePackLoader.parse("es-default-pack.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (RulePackException e) {
                        throw new IllegalStateException("bundled Spanish rule pack is invalid: " + e.getMessage(), e);
                    }
                    spanishDefault = p;
                }
            }
        }
        return p;
    }

    public ModerationEngine english() {
        return english;
    }

    public ModerationEngine spanish() {
        return spanish;
    }

    /** The English pack's version: the live pack operators publish and promote. */
    public String rulePackVersion() {
        return english.rulePackVersion();
    }

    /** The same router with another English pack (a live update), the Spanish pack unchanged. */
    public LanguageRouter withEnglishEngine(ModerationEngine next) {
        return new LanguageRouter(next, spanish);
    }

    public Verdict analyze(String text) {
        return analyze(text, ModerationEngine.Faults.IGNORE);
    }

    /** Never throws: each engine fails closed on its own, and a failure of either fails the merged verdict closed. */
    public Verdict analyze(String text, ModerationEngine.Faults faults) {
        LanguageGuess.Result lang;
        try {
            lang = LanguageGuess.route(text);
        } catch (RuntimeException e) {
            // cannot tell: read it both ways rather than miss a concern
            lang = LanguageGuess.Result.BOTH;
        }
        Verdict en = english.analyze(text, faults);
        if (lang == LanguageGuess.Result.ENGLISH) {
            return en.withLanguage(EN);
        }
        // one fault report per message, as from a single engine, even when both engines fail on it
        Verdict es = spanish.analyze(text, en.isEngineError() ? ModerationEngine.Faults.IGNORE : faults);
        // undecided (content words only, no function word of either language): read both ways, labelled as both
        String label = lang == LanguageGuess.Result.SPANISH ? ES : MIXED;
        return merge(text == null ? "" : text, en, es, label);
    }

    /** Language label of a guess, as decisions carry it. */
    public static String label(LanguageGuess.Result r) {
        return switch (r) {
            case ENGLISH -> EN;
            case SPANISH -> ES;
            case BOTH -> MIXED;
        };
    }

    static Verdict merge(String text, Verdict en, Verdict es, String language) {
        String version = en.rulePackVersion() + "+" + es.rulePackVersion();
        if (en.isEngineError() || es.isEngineError()) {
            return Verdict.engineError(version, en.modelVersion()).withLanguage(language);
        }
        if (es.matches().isEmpty() && es.alertTier() == null) {
            // the Spanish pack found nothing: the verdict is the English pack's alone, and so is its version
            return en.withLanguage(language);
        }
        Action action = en.action().max(es.action());
        EnumSet<Category> cats = EnumSet.noneOf(Category.class);
        cats.addAll(en.categories());
        cats.addAll(es.categories());
        List<RuleMatch> matches = new ArrayList<>(en.matches().size() + es.matches().size());
        matches.addAll(en.matches());
        matches.addAll(es.matches());
        matches.sort(Comparator.comparingInt(RuleMatch::start).thenComparingInt(RuleMatch::end).thenComparing(RuleMatch::ruleId));
        LinkedHashSet<String> reasons = new LinkedHashSet<>(en.reasonCodes());
        reasons.addAll(es.reasonCodes());

        Tier tier = en.alertTier();
        Category tierCategory = en.alertCategory();
        if (es.alertTier() != null && (tier == null || es.alertTier().ordinal() > tier.ordinal()
                || (es.alertTier() == tier && severity(es, es.alertCategory()) > severity(en, tierCategory)))) {
            tier = es.alertTier();
            tierCategory = es.alertCategory();
        }

        char[] masked = text.toCharArray();
        char[] display = text.toCharArray();
        for (RuleMatch m : matches) {
            mask(masked, m);
            if (m.action() == Action.MASK) {
                mask(display, m);
            }
        }
        String displayText;
        if (action == Action.BLOCK) {
            // the placeholder of the pack that blocked (English first when both did)
            displayText = en.action() == Action.BLOCK ? en.displayText() : es.displayText();
        } else if (action == Action.MASK || action == Action.HOLD) {
            displayText = new String(display);
        } else {
            displayText = text;
        }
        return new Verdict(action, displayText, new String(masked), new ArrayList<>(cats), matches, tier, tierCategory,
                new ArrayList<>(reasons), version, en.modelScores(), language);
    }

    private static int severity(Verdict v, Category c) {
        int s = -1;
        for (RuleMatch m : v.matches()) {
            if (m.category() == c) {
                s = Math.max(s, m.severity());
            }
        }
        return s;
    }

    private static void mask(char[] chars, RuleMatch m) {
        for (int i = Math.max(0, m.start()); i < Math.min(m.end(), chars.length); i++) {
            chars[i] = '*';
        }
    }
}
