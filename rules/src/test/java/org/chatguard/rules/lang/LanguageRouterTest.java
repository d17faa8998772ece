package org.chatguard.rules.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.RuleMatch;
import org.chatguard.model.Tier;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.RulePackLoader;
import org.chatguard.rules.Verdict;
import org.junit.jupiter.api.Test;

/** The English pack on every message, the Spanish pack added on Spanish or mixed ones, one merged verdict. */
class LanguageRouterTest {

    static final LanguageRouter ROUTER = LanguageRouter.defaults();
    static final String VERSIONS = RulePackLoader.defaultPack().version() + "+" + LanguageRouter.defaultSpanishPack().version();

    @Test
    void spanishInsultWithSwearingIsMaskedAndCarriesItsLanguageAndBothVersions() {
        Verdict v = ROUTER.analyze("eres un idiota de mierda");
        assertEquals(Action.MASK, v.action());
        assertEquals("eres un ****** de ******", v.displayText());
        assertEquals("es", v.language());
        assertEquals(VERSIONS, v.rulePackVersion());
        assertTrue(v.categories().containsAll(List.of(Category.PROFANITY, Category.INSULT)), v.categories().toString());
    }

    @Test
    void spanishWishToDieAlertsACounsellor() {
        Verdict v = ROUTER.analyze("me quiero morir");
        assertEquals(Tier.COUNSELLOR, v.alertTier());
        assertEquals(Category.SELF_HARM, v.alertCategory());
        assertEquals(Action.ALLOW, v.action(), "a child reaching out is delivered");
    }

    @Test
    void spanishAgeAndSecrecyAreGroomingStages() {
        Verdict v = ROUTER.analyze("¿cuántos años tienes? no se lo digas a tus padres");
        Set<String> stages = v.matches().stream().map(RuleMatch::stage).filter(s -> s != null).collect(Collectors.toSet());
        assertEquals(Set.of("personal-details", "secrecy"), stages);
        assertEquals(Tier.MODERATOR, v.alertTier());
    }

    @Test
    void englishMessagesGetExactlyTheEnglishVerdict() {
        ModerationEngine en = ModerationEngine.defaultEngine();
        for (String t : List.of("you are such a loser", "fuck off", "what time is practice", "send me a pic of u",
                "i want to kill myself", "")) {
            Verdict v = ROUTER.analyze(t);
            assertEquals(en.analyze(t).withLanguage("en"), v, t);
            assertEquals(en.rulePackVersion(), v.rulePackVersion());
        }
    }

    @Test
    void mixedMessagesAreReadByBothPacksAndMerged() {
        // English swearing, Spanish insult: each pack finds its own, the site masks both
        Verdict v = ROUTER.analyze("shut the fuck up, eres un idiota");
        assertEquals("en+es", v.language());
        assertEquals(VERSIONS, v.rulePackVersion());
        assertEquals(Action.MASK, v.action());
        Set<String> rules = v.matches().stream().map(RuleMatch::ruleId).collect(Collectors.toSet());
        assertTrue(rules.stream().anyMatch(r -> r.startsWith("es.")), rules.toString());
        assertTrue(rules.stream().anyMatch(r -> !r.startsWith("es.")), rules.toString());
        String english = ModerationEngine.defaultEngine().analyze("shut the fuck up").displayText();
        assertTrue(english.contains("*"), english);
        assertEquals(english + ", eres un ******", v.displayText());
        assertEquals("****************, eres un ******", v.maskedText(), "staff evidence: every span of both packs");
        // sorted by offset, as one engine's are
        for (int i = 1; i < v.matches().size(); i++) {
            assertTrue(v.matches().get(i - 1).start() <= v.matches().get(i).start());
        }
    }

    @Test
    void mostSevereActionWinsWhateverPackAsksForIt() {
        // a Spanish mask beside an English block: blocked with the English placeholder
        Verdict en = ModerationEngine.defaultEngine().analyze("kill yourself");
        assertEquals(Action.BLOCK, en.action(), "precondition: the English pack blocks this");
        Verdict v = ROUTER.analyze("kill yourself, eres un idiota de mierda");
        assertEquals(Action.BLOCK, v.action());
        assertEquals(en.displayText(), v.displayText());
        assertTrue(v.categories().contains(Category.PROFANITY));
    }

    @Test
    void aFaultInEitherPackFailsTheMessageClosedAndIsReportedOnce() {
        ModerationEngine throwing = ModerationEngine.withProbe(LanguageRouter.defaultSpanishPack(), t -> {
            throw new IllegalStateException("boom");
        });
        LanguageRouter r = new LanguageRouter(ModerationEngine.defaultEngine(), throwing);
        AtomicInteger faults = new AtomicInteger();
        Verdict v = r.analyze("eres un idiota", e -> faults.incrementAndGet());
        assertTrue(v.isEngineError());
        assertEquals(Action.HOLD, v.action());
        assertEquals("es", v.language());
        assertEquals(1, faults.get());
        // English text never reaches the Spanish engine
        assertEquals(Action.ALLOW, r.analyze("see you at practice", e -> faults.incrementAndGet()).action());
        assertEquals(1, faults.get());

        ModerationEngine bothThrow = ModerationEngine.withProbe(RulePackLoader.defaultPack(), t -> {
            throw new IllegalStateException("boom");
        });
        faults.set(0);
        assertTrue(new LanguageRouter(bothThrow, throwing).analyze("eres un idiota", e -> faults.incrementAndGet()).isEngineError());
        assertEquals(1, faults.get(), "one fault report per message");
    }

    @Test
    void contentWordsWithNoFunctionWordAreReadByBothPacks() {
        assertTrue(LanguageGuess.undecided("gorda asquerosa"));
        assertTrue(!LanguageGuess.undecided("ok") && !LanguageGuess.undecided("gg lol"), "too short to be worth a second pass");
        assertTrue(!LanguageGuess.undecided("you are ugly"), "an English vote decides");
        Verdict v = ROUTER.analyze("gorda asquerosa");
        assertEquals("en+es", v.language());
        assertTrue(v.categories().contains(Category.INSULT), v.toString());
        assertEquals("en", ROUTER.analyze("ok").language());
    }

    @Test
    void aSpanishReadingThatFindsNothingKeepsTheEnglishVerdictAndVersion() {
        Verdict v = ROUTER.analyze("hola, que tal el colegio");
        assertEquals("es", v.language());
        assertEquals(RulePackLoader.defaultPack().version(), v.rulePackVersion(), "only packs that contributed are named");
        assertEquals(ModerationEngine.defaultEngine().analyze("hola, que tal el colegio").withLanguage("es"), v);
    }
}
