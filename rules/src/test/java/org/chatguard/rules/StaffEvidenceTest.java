package org.chatguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Staff evidence, through the default pack: the words of the concern stay readable for the tier that owns
 * the alert; personal information is always masked, profanity by default.
 */
class StaffEvidenceTest {

    private final ModerationEngine engine = ModerationEngine.defaultEngine();

    @Test
    void theWordsOfAConcernAreReadable() {
        assertEquals("sometimes i want to kill myself", engine.analyze("sometimes i want to kill myself").maskedText());
        String disclosure = "my dad hits me when he is drunk and i am scared to go home";
        assertEquals(disclosure, engine.analyze(disclosure).maskedText());
        String insult = "you are such an idiot and a loser";
        assertEquals(insult, engine.analyze(insult).maskedText());
    }

    @Test
    void personalInformationIsAlwaysMasked() {
        Verdict v = engine.analyze("dont tell anyone, text me on 07700 900123 or my email is kid.one@gmail.com");
        assertFalse(v.maskedText().contains("900123"), v.maskedText());
        assertFalse(v.maskedText().contains("kid.one@gmail.com"), v.maskedText());
        assertTrue(v.maskedText().startsWith("dont tell anyone, text me on "), v.maskedText());
        Verdict handle = engine.analyze("add me on snap its coolkid_99");
        assertFalse(handle.maskedText().contains("coolkid_99"), handle.maskedText());
        Verdict address = engine.analyze("i live at 14 acacia avenue");
        assertFalse(address.maskedText().contains("14 acacia avenue"), address.maskedText());
    }

    @Test
    void profanityIsMaskedByDefaultAndShownWhenThePackSaysSo() throws Exception {
        String text = "this homework is fucking impossible";
        Verdict v = engine.analyze(text);
        assertEquals("this homework is ******* impossible", v.maskedText());
        String pack = """
                version: "t-1"
                settings:
                  evidence-profanity: shown
                rules:
                  - id: prof.f
                    category: profanity
                    severity: 2
                    action: mask
                    terms: ["fuck*"]
                """;
        ModerationEngine shown = ModerationEngine.of(RulePackLoader.parse("test", pack));
        Verdict s = shown.analyze(text);
        assertEquals(text, s.maskedText());
        assertEquals("this homework is ******* impossible", s.displayText(), "the site still sees it masked");
    }

    @Test
    void aBadSettingIsRefused() {
        String pack = """
                version: "t-1"
                settings:
                  evidence-profanity: sometimes
                rules:
                  - id: prof.f
                    category: profanity
                    severity: 2
                    action: mask
                    terms: ["fuck*"]
                """;
        RulePackException e = org.junit.jupiter.api.Assertions.assertThrows(RulePackException.class,
                () -> RulePackLoader.parse("test", pack));
        assertTrue(e.getMessage().contains("settings.evidence-profanity"), e.getMessage());
    }
}
