package org.chatguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.chatguard.model.Action;
import org.chatguard.model.RuleMatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each evasion form from issue #3, and the innocent words that must survive them. */
class EvasionTest {

    static final ModerationEngine ENGINE = ModerationEngine.defaultEngine();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // form                    | text                 | masked display
        "case                      | FUCK off             | **** off",
        "accent                    | fúck off             | **** off",
        "combining accent          | fu\u0301ck off       | ***** off",
        "cyrillic homoglyph        | fuсk off             | **** off",
        "greek homoglyph           | fυck off             | **** off",
        "fullwidth                 | ｆｕｃｋ off         | **** off",
        "math bold (surrogates)    | \uD835\uDC1F\uD835\uDC2E\uD835\uDC1C\uD835\uDC24 off | ******** off",
        "zero-width space          | f\u200Bu\u200Bck off | ****** off",
        "zero-width joiner         | fu\u200Dck off       | ***** off",
        "leet digits               | sh1t                 | ****",
        "leet dollar               | $hit                 | ****",
        "leet at                   | @ss                  | ***",
        "leet mixed                | b!7ch                | *****",
        "repeated letters          | fuuuuuuck            | *********",
        "repeated letters 2        | shiiiiit             | ********",
        "spaced                    | f u c k              | *******",
        "dotted                    | f.u.c.k              | *******",
        "hyphenated                | f-u-c-k              | *******",
        "underscored               | s_h_i_t              | *******",
        "spaced leet               | $ h 1 t              | *******",
        "control chars             | f\u0007u\u0007c\u0007k | *******",
        "self-censored             | f*ck off             | **** off",
        "self-censored double      | f**k off             | **** off",
        "broken into pieces        | fu c k you           | ****** you",
        "broken into pieces 2      | sh it                | *****",
        "broken into pieces 3      | ur a bit ch          | ur a ******",
        "pieces and singles        | f u ck               | ******",
    })
    void evasionIsCaughtAndMaskedOnTheOriginalSpan(String form, String text, String display) {
        Verdict v = ENGINE.analyze(text);
        assertEquals(Action.MASK, v.action(), form + ": " + v.matches());
        assertEquals(display, v.displayText(), form);
        assertEquals(text.length(), v.displayText().length(), "masking keeps the text length");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kill yourself", "k i l l yourself", "kill y0urs3lf", "KILL YOURSELF", "k.y.s", "kyssss",
            "kіll уоurself" /* Cyrillic і у о */})
    void phrasesSurviveEvasionToo(String text) {
        Verdict v = ENGINE.analyze(text);
        assertEquals(Action.BLOCK, v.action(), text + " " + v.matches());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Scunthorpe", "assassin", "cocktail", "Dickens", "classic", "therapist", "grass", "Sussex",
            "I live in Scunthorpe near Penistone", "the assassin drank a cocktail", "reading Dickens is a classic",
            "my therapist says the grass is greener in Sussex", "Essex and Middlesex", "shiitake mushrooms",
            "the cockpit of a plane", "a peacock", "Hitchcock films", "analysis of the class", "passage", "bass guitarist",
            "cucumber", "documents", "Arsenal won", "hello shell", "skills", "grapes", "butter and buttons", "titanic",
            "assume", "assessment", "passion", "embassy", "harassment is wrong", "the hell of a day",
            "is it ok to go", "so b is coming", "as soon as", "do it to me", "a bit cheap"})
    void innocentWordsPassUnmasked(String text) {
        Verdict v = ENGINE.analyze(text);
        if (text.contains("hell of")) {
            // "hell" alone is not a rule; only "what the hell" / "bloody hell" are
            assertEquals(Action.ALLOW, v.action(), text + " " + v.matches());
            return;
        }
        assertEquals(Action.ALLOW, v.action(), text + " " + v.matches());
        assertEquals(text, v.displayText());
        assertTrue(v.matches().isEmpty(), text + " " + v.matches());
    }

    @ParameterizedTest
    @ValueSource(strings = {"S c u n t h o r p e", "SCUNTHORPE", "Scunthorpe!!!", "ａｓｓａｓｓｉｎ", "c0cktail", "Sussexxx"})
    void innocentWordsPassEvenWhenWrittenOddly(String text) {
        Verdict v = ENGINE.analyze(text);
        assertEquals(Action.ALLOW, v.action(), text + " " + v.matches());
        assertTrue(v.matches().isEmpty(), text + " " + v.matches());
    }

    @Test
    void maskOffsetsAreExactAroundEmojiAndCombiningMarks() {
        String text = "🙂 ok 👍🏽 shit 😀 cafe\u0301 f\u0301uck!";
        Verdict v = ENGINE.analyze(text);
        assertEquals(Action.MASK, v.action());
        assertEquals(2, v.matches().size(), v.matches().toString());
        RuleMatch a = v.matches().get(0);
        RuleMatch b = v.matches().get(1);
        assertEquals("shit", text.substring(a.start(), a.end()));
        assertEquals("f\u0301uck", text.substring(b.start(), b.end()));
        assertEquals("🙂 ok 👍🏽 **** 😀 cafe\u0301 *****!", v.displayText());
        assertFalse(Character.isLowSurrogate(text.charAt(a.start())));
    }

    @Test
    void maskNeverSplitsASurrogatePair() {
        String text = "\uD835\uDC1F\uD835\uDC2E\uD835\uDC1C\uD835\uDC24😀";
        Verdict v = ENGINE.analyze(text);
        RuleMatch m = v.matches().get(0);
        assertEquals(0, m.start());
        assertEquals(8, m.end());
        assertEquals("********😀", v.displayText());
    }

    @Test
    void zeroWidthCharactersOutsideAWordAreNotMasked() {
        Verdict v = ENGINE.analyze("\u200Bshit\u200B ok");
        assertEquals("\u200B****\u200B ok", v.displayText());
    }
}
