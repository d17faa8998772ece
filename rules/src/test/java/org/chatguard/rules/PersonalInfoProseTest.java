package org.chatguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.RuleMatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Personal details written in running text (issue #14 item 5): addresses without postcodes, dates of birth,
 * ages, ID numbers, full names and school names. The data itself is masked, the words around it are not.
 */
class PersonalInfoProseTest {

    static final ModerationEngine ENGINE = ModerationEngine.defaultEngine();

    /** text | what the site shows (the personal detail starred out, nothing else). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "my birthday is 3rd may 2014|my birthday is ************",
            "i was born on 12/04/2013|i was born on **********",
            "im 12|im **",
            "i'm 11 years old and i like horses|i'm ************ and i like horses",
            "i am twelve and a half|i am *****************",
            "i turned 13 yesterday|i turned ** yesterday",
            "my nhs number is 943 476 5919|my nhs number is ************",
            "my student id is 20391847|my student id is ********",
            "my national insurance number is QQ 12 34 56 C|my national insurance number is *************",
            "hi my name is amira khan and im new here|hi my name is ********** and im new here",
            "My name's Liam O'Connor|My name's *************",
            "im in year 7 at oakwood academy|im in year 7 at ***************",
            "i go to st marys|i go to ********",
            "my school is called hillside primary|my school is called ****************",
            "flat 12 jubilee house, top floor|*********************, top floor",
    })
    void theDetailIsMaskedNotTheSentence(String text, String shown) {
        Verdict v = ENGINE.analyze(text);
        assertEquals(Action.MASK, v.action(), text);
        assertEquals(shown, v.displayText(), text);
        assertTrue(v.categories().contains(Category.PERSONAL_INFO), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"im 12 minutes away", "i am 100% sure", "im 2 levels up", "im 5'6 lol", "im 10 people?!",
            "my name is on the list for the trip", "my name is jess and i like cats", "im in year 7",
            "i go to bed at 9", "my dog is 12 years old", "my birthday is next tuesday!!", "i was born in spring",
            "its 3rd may today", "see facebook.com/profile.php?id=1466640848", "im 13 goals behind",
            "i am 12 hours into this game", "im at the shops", "year 9 at last!", "my student card is in my bag"})
    void lookAlikesAreLeftAlone(String text) {
        Verdict v = ENGINE.analyze(text);
        assertTrue(v.matches().stream().map(RuleMatch::category).noneMatch(Category.PERSONAL_INFO::equals),
                () -> text + " -> " + v.matches());
    }

    /** Both labelled sets: every positive flagged as personal information, no negative. */
    @ParameterizedTest
    @ValueSource(strings = {"personal-info-prose.jsonl", "personal-info-prose-holdout.jsonl"})
    void labelledSetsAreClean(String file) throws IOException {
        List<String> missed = new ArrayList<>();
        List<String> falseAlarms = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/eval/" + file)) {
            ObjectMapper json = new ObjectMapper();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                JsonNode row = json.readTree(line);
                String text = row.get("text").asText();
                boolean pi = ENGINE.analyze(text).matches().stream()
                        .anyMatch(m -> m.category() == Category.PERSONAL_INFO);
                if (row.get("flag").asBoolean() && !pi) {
                    missed.add(text);
                } else if (!row.get("flag").asBoolean() && pi) {
                    falseAlarms.add(text);
                }
            }
        }
        assertEquals(List.of(), missed, "missed");
        assertEquals(List.of(), falseAlarms, "false alarms");
    }
}
