package org.chatguard.rules.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.RulePackLoader;
import org.chatguard.rules.risk.RiskConfig;
import org.junit.jupiter.api.Test;

class BacktestTest {

    // pack against pack: the rules alone on both sides (the model is the same on both and would only add noise)
    static final ModerationEngine LIVE = ModerationEngine.of(RulePackLoader.defaultPack());

    /** The default pack without {@code drop} and with one new term rule {@code test.broccoli}. */
    static ModerationEngine candidate(String drop) throws Exception {
        YAMLMapper yaml = new YAMLMapper();
        String text;
        try (InputStream in = RulePackLoader.class.getResourceAsStream(RulePackLoader.DEFAULT_PACK_RESOURCE)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ObjectNode pack = (ObjectNode) yaml.readTree(text);
        pack.put("version", "candidate-1");
        ArrayNode rules = (ArrayNode) pack.get("rules");
        int before = rules.size();
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).get("id").asText().equals(drop)) {
                rules.remove(i);
                break;
            }
        }
        assertEquals(before - 1, rules.size(), "rule to drop exists");
        ObjectNode added = rules.addObject();
        added.put("id", "test.broccoli");
        added.put("category", "profanity");
        added.put("severity", 1);
        added.put("action", "mask");
        added.put("reason", "test rule");
        added.putArray("terms").add("broccoli");
        return ModerationEngine.of(RulePackLoader.parse("candidate.yaml", yaml.writeValueAsString(pack)));
    }

    static List<JsonNode> gold(String name) throws IOException {
        try (InputStream in = BacktestTest.class.getResourceAsStream("/eval/" + name)) {
            ObjectMapper json = new ObjectMapper();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(l -> {
                try {
                    return json.readTree(l);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }

    static ChatMessage msg(String id, String text, int second) {
        return new ChatMessage(id, ContentKind.CHAT, "general", "c1", "u1", List.of(), text,
                Instant.parse("2026-12-01T10:00:00Z").plusSeconds(second));
    }

    @Test
    void theDiffNamesExactlyTheDroppedAndTheAddedRule() throws Exception {
        Backtest bt = new Backtest(LIVE, candidate("prof.fuck"), null, 3);
        int s = 0;
        bt.accept(msg("hw-1", "this broccoli is boring", s++), false);
        bt.accept(msg("hw-2", "what the fuck", s++), true);
        for (String f : List.of("evasion.jsonl", "innocent-lookalikes.jsonl", "personal-info.jsonl")) {
            for (JsonNode g : gold(f)) {
                bt.accept(msg(g.get("id").asText(), g.get("text").asText(), s++), g.get("flag").asBoolean());
            }
        }

        List<Backtest.RuleChange> gained = bt.ruleChanges(true);
        List<Backtest.RuleChange> lost = bt.ruleChanges(false);
        assertEquals(List.of("test.broccoli"), gained.stream().map(Backtest.RuleChange::ruleId).toList());
        assertEquals(List.of("prof.fuck"), lost.stream().map(Backtest.RuleChange::ruleId).toList());
        assertEquals(0, gained.get(0).live());
        assertEquals(1, gained.get(0).candidate());
        assertEquals(List.of("hw-1"), gained.get(0).exampleIds());
        assertTrue(lost.get(0).exampleIds().contains("hw-2"));
        assertEquals(3, lost.get(0).exampleIds().size(), "capped at 3");

        JsonNode r = bt.report();
        assertEquals("candidate-1", r.get("candidatePack").asText());
        assertEquals(bt.messages(), r.get("messages").asLong());
        assertTrue(bt.changed() >= 2);
        assertTrue(r.get("actionChanges").has("ALLOW -> MASK"), r.toString());
        JsonNode gold = r.get("gold");
        assertTrue(gold.get("candidate").get("fp").asLong() >= gold.get("live").get("fp").asLong() + 1, gold.toString());
        String table = bt.table(10);
        assertTrue(table.contains("test.broccoli") && table.contains("prof.fuck"), table);
        assertTrue(!table.contains("boring"), "no message text in the report");
    }

    @Test
    void samePackTwiceChangesNothingStatefulOrNot() throws Exception {
        for (RiskConfig risk : new RiskConfig[] {null, RiskConfig.defaults()}) {
            Backtest bt = new Backtest(LIVE, ModerationEngine.of(RulePackLoader.defaultPack()), risk, 2);
            int s = 0;
            for (JsonNode g : gold("evasion.jsonl")) {
                bt.accept(msg(g.get("id").asText(), g.get("text").asText(), s++), null);
            }
            assertEquals(0, bt.changed());
            assertEquals(List.of(), bt.ruleChanges(true));
            assertEquals(List.of(), bt.ruleChanges(false));
            assertTrue(!bt.report().has("gold"));
        }
    }

    /** Issue 16: the backtest decides as the job does, so a Spanish line goes to the Spanish pack on both sides. */
    @Test
    void spanishLinesAreRoutedAsTheJobRoutesThem() throws Exception {
        String distress = "me quiero morir";
        org.chatguard.rules.Verdict job = org.chatguard.rules.lang.LanguageRouter.withEnglish(LIVE).analyze(distress);
        assertTrue(job.categories().contains(org.chatguard.model.Category.SELF_HARM), "the job flags it: " + job.matches());
        assertTrue(!LIVE.analyze(distress).categories().contains(org.chatguard.model.Category.SELF_HARM),
                "the English pack alone does not");
        for (RiskConfig risk : new RiskConfig[] {null, RiskConfig.defaults()}) {
            Backtest bt = new Backtest(LIVE, candidate("prof.fuck"), risk, 2);
            bt.accept(msg("es-1", distress, 0), true);
            JsonNode r = bt.report();
            assertEquals(1, r.path("categories").path("SELF_HARM").path("live").asLong(), r.toString());
            assertEquals(1, r.path("categories").path("SELF_HARM").path("candidate").asLong(), r.toString());
            assertEquals(1, r.get("gold").get("live").get("tp").asLong(), r.toString());
            assertEquals(0, bt.changed(), "the Spanish pack is the same on both sides");
        }
    }

    @Test
    void negativeExampleCountIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Backtest(LIVE, LIVE, null, -1));
    }
}
