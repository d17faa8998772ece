package org.chatguard.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.chatguard.connectors.json.EventJson;

/**
 * {@code eval --conversations} end to end over a tiny labelled corpus: an abuse disclosure caught on its act-by
 * message, a self-harm conversation caught two messages late, a clean innocent one and an innocent one with a
 * moderator alert (a phone number in public) that {@code classify --stateful} would escalate by the clock a day later.
 */
class ConversationEvalCommandTest {

    static String run(int expectedExit, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = ConversationEvalCommand.run(List.of(args), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(expectedExit, code, out);
        return out;
    }

    static Path tiny() throws Exception {
        return Path.of(ConversationEvalCommandTest.class.getResource("/conversations/tiny.jsonl").toURI());
    }

    @Test
    void eachConversationIsScoredAtTheMessageItsAlertWasRaisedOn() throws Exception {
        JsonNode r = EventJson.mapper().readTree(run(0, "--conversations", tiny().getParent().toString(), "--details", "--json"));
        JsonNode all = r.get("rows").get("all / all");
        assertEquals(2, all.get("harmful").asInt());
        assertEquals(1, all.get("caughtInTime").asInt());
        assertEquals(2, all.get("caught").asInt());
        assertEquals(-1.0, all.get("medianLead").asDouble(), "leads 0 and -2");
        assertEquals(1, all.get("falseAlerts").asInt());
        JsonNode convs = r.get("conversations");
        assertEquals("in-time", convs.get(0).get("outcome").asText());
        assertEquals(0, convs.get(0).get("lead").asInt());
        assertEquals("late", convs.get(1).get("outcome").asText());
        assertEquals(-2, convs.get(1).get("lead").asInt());
        assertEquals("clean", convs.get(2).get("outcome").asText());
        assertEquals("false", convs.get(3).get("outcome").asText());
        assertEquals("MODERATOR", convs.get(3).get("topTier").asText(), "no escalation for want of an acknowledgement");
        assertFalse(r.toString().contains("drunk"), "no message text in the report");
    }

    @Test
    void graceCountsTheLateOneInTime() throws Exception {
        String out = run(0, "--conversations", tiny().toString(), "--grace", "2");
        assertTrue(out.lines().anyMatch(l -> l.startsWith("all / all") && l.contains("2 (100.0%)")), out);
    }

    @Test
    void missingLabelsOrBadOptionsAreRefused(@TempDir Path tmp) throws Exception {
        Files.copy(tiny(), tmp.resolve("x.jsonl"));
        assertTrue(run(1, "--conversations", tmp.toString()).contains("no labels file x.labels.jsonl"));
        assertTrue(run(2, "--conversations", tiny().toString(), "--grace", "-1").contains("--grace"));
        assertTrue(run(2, "--conversations", tiny().toString(), "--gold", "y").contains("unknown option --gold"));
    }

    @Test
    void aLineClassifyRefusesIsACorpusErrorNamingItsLine(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("x.jsonl"), Files.readString(tiny()) + "{\"id\":\"bad\",\"conversationId\":\"c3\",\"text\":\"no time\"}\n");
        Files.copy(tiny().resolveSibling("tiny.labels.jsonl"), tmp.resolve("x.labels.jsonl"));
        String out = run(1, "--conversations", tmp.toString());
        assertTrue(out.contains("line 13"), out);
    }
}
