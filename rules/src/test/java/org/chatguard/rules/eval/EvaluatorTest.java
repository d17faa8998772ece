package org.chatguard.rules.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluatorTest {

    static Path resource(String name) throws URISyntaxException {
        return Path.of(EvaluatorTest.class.getResource("/eval/" + name).toURI());
    }

    static String run(int expectedExit, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = Evaluator.run(List.of(args), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(expectedExit, code, out);
        return out;
    }

    @Test
    void ownLabelledSetsAreClean() throws Exception {
        String out = run(0, "--gold", resource("evasion.jsonl").toString(), "--gold", resource("innocent-lookalikes.jsonl").toString(),
                "--gold", resource("personal-info.jsonl").toString(), "--json");
        JsonNode r = new ObjectMapper().readTree(out);
        JsonNode files = r.get("files");
        assertEquals(3, files.size());
        JsonNode evasion = files.get(0);
        assertTrue(evasion.get("recall").asDouble() >= 0.95, "evasion recall " + evasion.get("recall"));
        JsonNode innocent = files.get(1);
        assertEquals(0, innocent.get("fp").asLong(), "no Scunthorpe false positives");
        JsonNode pii = files.get(2);
        assertTrue(pii.get("recall").asDouble() >= 0.95, "personal info recall " + pii.get("recall"));
        assertTrue(pii.get("precision").asDouble() >= 0.95);
        assertTrue(r.get("overall").get("f1").asDouble() >= 0.95);
    }

    @Test
    void computesConfusionMetricsExactly(@TempDir Path dir) throws Exception {
        Path gold = dir.resolve("g.jsonl");
        Files.writeString(gold, String.join("\n",
                "{\"id\":\"a\",\"text\":\"fuck off\",\"flag\":true,\"category\":\"profanity\"}",   // TP
                "{\"id\":\"b\",\"text\":\"hello friend\",\"flag\":true,\"category\":\"profanity\"}", // FN
                "{\"id\":\"c\",\"text\":\"shit\",\"flag\":false}",                                     // FP
                "{\"id\":\"d\",\"text\":\"nice day\",\"flag\":false}",                                 // TN
                "{\"id\":\"e\",\"text\":\"i want to die\",\"flag\":true}",                             // TP (alert only)
                ""));
        JsonNode f = new ObjectMapper().readTree(run(0, "--gold", gold.toString(), "--json", "--worst", "5")).get("files").get(0);
        assertEquals(2, f.get("tp").asLong());
        assertEquals(1, f.get("fp").asLong());
        assertEquals(1, f.get("fn").asLong());
        assertEquals(1, f.get("tn").asLong());
        assertEquals(2.0 / 3, f.get("precision").asDouble(), 1e-3);
        assertEquals(2.0 / 3, f.get("recall").asDouble(), 1e-3);
        assertEquals(0.5, f.get("fpr").asDouble(), 1e-3);
        assertEquals(0.5, f.get("byGoldGroup").get("profanity").get("recall").asDouble(), 1e-3);
        assertEquals("c", f.get("worstFalsePositives").get(0).get("id").asText());
        assertEquals("****", f.get("worstFalsePositives").get(0).get("maskedText").asText(), "only masked text");
        assertEquals("b", f.get("worstFalseNegatives").get(0).asText());
        assertFalse(f.toString().contains("hello friend"), "false negatives are reported by id only");
    }

    @Test
    void onlyRestrictsWhatCountsAsFlagged(@TempDir Path dir) throws Exception {
        Path gold = dir.resolve("g.jsonl");
        Files.writeString(gold, "{\"id\":\"a\",\"text\":\"shit you are an idiot\",\"flag\":true}\n"
                + "{\"id\":\"b\",\"text\":\"oh shit\",\"flag\":false}\n");
        JsonNode all = new ObjectMapper().readTree(run(0, "--gold", gold.toString(), "--json")).get("overall");
        assertEquals(1, all.get("fp").asLong(), "swearing counts by default");
        JsonNode insult = new ObjectMapper().readTree(run(0, "--gold", gold.toString(), "--json", "--only", "insult")).get("overall");
        assertEquals(0, insult.get("fp").asLong());
        assertEquals(1, insult.get("tp").asLong());
        assertTrue(run(2, "--gold", gold.toString(), "--only", "swearing").contains("unknown category"));
    }

    @Test
    void writesThePerturbedCopiesItScores(@TempDir Path dir) throws Exception {
        Path gold = dir.resolve("g.jsonl");
        Files.writeString(gold, "{\"id\":\"a\",\"text\":\"you are an idiot\",\"flag\":true}\n"
                + "{\"id\":\"b\",\"text\":\"hello friend\",\"flag\":false}\n");
        Path out = dir.resolve("perturbed");
        run(0, "--gold", gold.toString(), "--perturb", "--write-perturbed", out.toString(), "--json");
        for (Perturber.Technique t : Perturber.Technique.values()) {
            List<String> lines = Files.readAllLines(out.resolve("g." + t.name().toLowerCase(java.util.Locale.ROOT) + ".jsonl"));
            assertEquals(1, lines.size(), "only flagged lines are perturbed");
            JsonNode o = new ObjectMapper().readTree(lines.get(0));
            assertEquals("a", o.get("id").asText());
            assertEquals(Perturber.perturb("you are an idiot", t, Evaluator.perturbSeed(20261127L,
                    new Evaluator.Gold("a", "you are an idiot", true, null), t)), o.get("text").asText());
        }
    }

    @Test
    void flagOnChoosesTheLevelThatCounts(@TempDir Path dir) throws Exception {
        Path gold = dir.resolve("g.jsonl");
        Files.writeString(gold, "{\"id\":\"a\",\"text\":\"kys\",\"flag\":true}\n"
                + "{\"id\":\"b\",\"text\":\"oh shit\",\"flag\":false}\n"
                + "{\"id\":\"c\",\"text\":\"we should meet up sometime\",\"flag\":false}\n");
        ObjectMapper m = new ObjectMapper();
        JsonNode any = m.readTree(run(0, "--gold", gold.toString(), "--json"));
        assertEquals(2, any.get("overall").get("fp").asLong(), "swearing and a flag-only stage");
        JsonNode action = m.readTree(run(0, "--gold", gold.toString(), "--json", "--flag-on", "action"));
        assertEquals(1, action.get("overall").get("fp").asLong(), "the mask counts, the recorded stage does not");
        JsonNode alert = m.readTree(run(0, "--gold", gold.toString(), "--json", "--flag-on", "alert"));
        assertEquals(0, alert.get("overall").get("fp").asLong());
        assertEquals(1, alert.get("overall").get("tp").asLong());
        assertTrue(alert.get("flaggedMeans").asText().contains("staff alert"));
        assertTrue(run(2, "--gold", gold.toString(), "--flag-on", "maybe").contains("any, action, alert"));
    }

    @Test
    void perturbationIsSeededAndReported() throws Exception {
        String a = run(0, "--gold", resource("evasion.jsonl").toString(), "--perturb", "--json", "--seed", "7");
        String b = run(0, "--gold", resource("evasion.jsonl").toString(), "--perturb", "--json", "--seed", "7");
        assertEquals(a, b, "same seed, same report");
        JsonNode p = new ObjectMapper().readTree(a).get("files").get(0).get("perturbed");
        for (String k : List.of("recallClean", "recallSpacing", "recallDots", "recallLeet", "recallHomoglyph", "recallZeroWidth",
                "recallRepeat", "recallMixed")) {
            assertTrue(p.has(k), k);
        }
        assertTrue(p.get("recallHomoglyph").asDouble() >= 0.9);
        assertTrue(p.get("recallZeroWidth").asDouble() >= 0.9);
    }

    @Test
    void textReportHasOverallLine() throws Exception {
        String out = run(0, "--gold", resource("personal-info.jsonl").toString());
        assertTrue(out.contains("OVERALL"), out);
        assertTrue(out.contains("personal-info.jsonl"), out);
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertTrue(run(2).contains("usage"));
        assertTrue(run(2, "--gold").contains("needs a value"));
        assertTrue(run(2, "--bogus").contains("unknown option"));
        assertTrue(run(0, "--help").contains("usage"));
    }

    @Test
    void unreadableOrMalformedGoldExitsWithOne(@TempDir Path dir) throws Exception {
        assertTrue(run(1, "--gold", dir.resolve("missing.jsonl").toString()).contains("cannot read"));
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"id\":1,\"text\":\"x\"}\n");
        assertTrue(run(1, "--gold", bad.toString()).contains("line 1"));
    }

    @Test
    void perturberKeepsNonLettersAndChangesWords() {
        List<String> outs = new ArrayList<>();
        for (Perturber.Technique t : Perturber.Technique.values()) {
            String p = Perturber.perturb("kill yourself now 123!", t, 1);
            outs.add(p);
            assertTrue(p.endsWith("123!"), t + ": " + p);
        }
        assertTrue(outs.get(Perturber.Technique.ZERO_WIDTH.ordinal()).contains("\u200B"));
        assertNotEquals("kill yourself now 123!", outs.get(Perturber.Technique.LEET.ordinal()));
        assertTrue(outs.get(Perturber.Technique.HOMOGLYPH.ordinal()).contains("о"));
    }
}
