package org.chatguard.rules.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.chatguard.rules.lang.LanguageGuess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LanguageGuessTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "eres un idiota de mierda|SPANISH",
            "me quiero morir|SPANISH",
            "¿cuántos años tienes? no se lo digas a tus padres|SPANISH",
            "xq haces eso|SPANISH",
            "jajaja que risa|SPANISH",
            "hola!!|SPANISH",
            "mañana|SPANISH",
            "you are such an idiot|ENGLISH",
            "i want to kill myself tonight|ENGLISH",
            "wyd rn|ENGLISH",
            "ok|ENGLISH",
            "gg|ENGLISH",
            "lol|ENGLISH",
            "no|ENGLISH",
            "me too|ENGLISH",
            "i love tacos and burritos|ENGLISH",
            "my mama said no|ENGLISH",
            "omg eres tan stupid, like literally la peor|BOTH",
            "you are an idiota de mierda and everyone knows it|BOTH",
            "te odio so much, you are the worst|BOTH",
            "i love tacos de pollo|BOTH",
    })
    void guessesTheLanguageOfChat(String text, Result expected) {
        assertEquals(expected, LanguageGuess.guess(text), text);
    }

    @Test
    void anyInputIsAnswered() {
        Random r = new Random(7);
        for (int i = 0; i < 5000; i++) {
            StringBuilder b = new StringBuilder();
            int n = r.nextInt(40);
            for (int j = 0; j < n; j++) {
                b.appendCodePoint(r.nextInt(4) == 0 ? 0x1F600 + r.nextInt(50) : r.nextInt(0x3000));
            }
            LanguageGuess.guess(b.toString());
        }
        assertEquals(Result.ENGLISH, LanguageGuess.guess(null));
        assertEquals(Result.ENGLISH, LanguageGuess.guess(""));
    }
}
