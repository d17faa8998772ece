package org.chatguard.rules.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.RuleMatch;
import org.chatguard.model.Tier;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.RulePackLoader;
import org.chatguard.rules.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Spanish pack, through the same analyzer chain and engine as the English one. */
class SpanishPackTest {

    static final ModerationEngine ES = ModerationEngine.of(load());

    static org.chatguard.rules.RulePack load() {
        try (InputStream in = SpanishPackTest.class.getResourceAsStream("/org/chatguard/rules/es-default-pack.yaml")) {
            return RulePackLoader.parse("es-default-pack.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void insultWithSwearingIsMasked() {
        Verdict v = ES.analyze("eres un idiota de mierda");
        assertEquals(Action.MASK, v.action());
        assertEquals("eres un ****** de ******", v.displayText());
        assertTrue(v.categories().containsAll(List.of(Category.PROFANITY, Category.INSULT)), v.categories().toString());
    }

    @Test
    void wantingToDieAlertsACounsellorAndIsDelivered() {
        Verdict v = ES.analyze("me quiero morir");
        assertEquals(Action.ALLOW, v.action());
        assertEquals("me quiero morir", v.displayText());
        assertEquals(Tier.COUNSELLOR, v.alertTier());
        assertEquals(Category.SELF_HARM, v.alertCategory());
        assertTrue(ES.analyze("me muero de risa jajaja").matches().isEmpty());
        assertTrue(ES.analyze("me corto el pelo mañana").matches().isEmpty());
    }

    @Test
    void askingAgeAndSecrecyRaisesGroomingStages() {
        Verdict v = ES.analyze("¿cuántos años tienes? no se lo digas a tus padres");
        Set<String> stages = v.matches().stream().map(RuleMatch::stage).filter(s -> s != null).collect(Collectors.toSet());
        assertEquals(Set.of("personal-details", "secrecy"), stages);
        assertTrue(v.categories().contains(Category.GROOMING));
        assertEquals(Tier.MODERATOR, v.alertTier(), "two stages, one of them secrecy: the pattern combo");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"3r3s un 1d10t4|insult", "m e  q u i e r o  m o r i r|self_harm",
            "eres un idі­ota|insult", "mi\u200berda|profanity"})
    void evasionsAreFoldedForSpanishToo(String text, String category) {
        Verdict v = ES.analyze(text);
        assertTrue(v.categories().contains(Category.valueOf(category.toUpperCase())), text + " -> " + v.categories());
    }

    static List<String[]> mistakes(String file) throws IOException {
        List<String[]> out = new ArrayList<>();
        try (InputStream in = SpanishPackTest.class.getResourceAsStream("/eval/" + file)) {
            ObjectMapper json = new ObjectMapper();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                JsonNode row = json.readTree(line);
                boolean flagged = ES.analyze(row.get("text").asText()).flagged();
                if (flagged != row.get("flag").asBoolean()) {
                    out.add(new String[] {row.get("id").asText(), flagged ? "false positive" : "missed"});
                }
            }
        }
        return out;
    }

    @Test
    void labelledSets() throws IOException {
        assertEquals(List.of(), mistakes("spanish.jsonl").stream().map(a -> a[0] + " " + a[1]).toList());
        // the held-out set's one known false positive: friendly flattery read as the grooming 'trust' stage
        assertEquals(List.of("esh-034 false positive"),
                mistakes("spanish-holdout.jsonl").stream().map(a -> a[0] + " " + a[1]).toList());
    }
}
