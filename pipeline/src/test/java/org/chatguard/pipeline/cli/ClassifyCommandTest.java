package org.chatguard.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.chatguard.connectors.json.EventJson;
import org.chatguard.connectors.json.MessageParser;
import org.chatguard.rules.ModerationEngine;

class ClassifyCommandTest {

    private final ModerationEngine engine = ModerationEngine.defaultEngine();

    private List<JsonNode> classify(String input, StringWriter alerts) throws Exception {
        StringWriter out = new StringWriter();
        ClassifyCommand.classify(new BufferedReader(new StringReader(input)), out, alerts, engine, new MessageParser());
        return out.toString().lines().map(l -> {
            try {
                return EventJson.mapper().readTree(l);
            } catch (Exception e) {
                throw new AssertionError("output line is not JSON: " + l, e);
            }
        }).toList();
    }

    @Test
    void oneOutputLinePerInputLineInOrderWithErrorsInPlace() throws Exception {
        StringWriter alerts = new StringWriter();
        List<JsonNode> out = classify("""
                {"id":"a","text":"have a lovely day"}
                {"id":"b","text":"this is shit"}
                not json
                {"id":"c"}
                {"id":"d","text":"i want to kill myself","conversationId":"bubble-1","senderId":"u-9","kind":"chat"}
                """, alerts);
        assertEquals(5, out.size());
        assertEquals("a", out.get(0).get("id").asText());
        assertEquals("ALLOW", out.get(0).get("action").asText());
        assertEquals("MASK", out.get(1).get("action").asText());
        assertEquals("this is ****", out.get(1).get("displayText").asText());
        assertEquals(3, out.get(2).get("line").asInt());
        assertEquals("malformed JSON", out.get(2).get("error").asText());
        assertEquals("c", out.get(3).get("id").asText());
        assertEquals("missing required field 'text'", out.get(3).get("error").asText());
        assertEquals("d", out.get(4).get("id").asText());
        assertEquals("bubble-1", out.get(4).get("conversationId").asText());

        List<String> alertLines = alerts.toString().lines().toList();
        assertEquals(1, alertLines.size());
        JsonNode alert = EventJson.mapper().readTree(alertLines.get(0));
        assertEquals("COUNSELLOR", alert.get("tier").asText());
        assertEquals("d", alert.get("evidence").get(0).get("messageId").asText());
        assertFalse(alertLines.get(0).contains("kill myself"), "alerts carry masked excerpts only");
    }

    @Test
    void handlesAHundredThousandLines() throws Exception {
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            in.append("{\"id\":\"m").append(i).append("\",\"text\":\"")
                    .append(i % 10 == 0 ? "you are such an idiot" : "see you at football practice later")
                    .append("\"}\n");
        }
        StringWriter out = new StringWriter();
        ClassifyCommand.classify(new BufferedReader(new StringReader(in.toString())), out, java.io.Writer.nullWriter(),
                engine, new MessageParser());
        List<String> lines = out.toString().lines().toList();
        assertEquals(100_000, lines.size());
        assertTrue(lines.get(99_999).contains("\"id\":\"m99999\""));
        // the decision's own action, not the per-match actions (a flag-only match is ALLOW inside a MASK decision)
        long acted = 0;
        for (String l : lines) {
            if (!"ALLOW".equals(EventJson.mapper().readTree(l).get("action").asText())) {
                acted++;
            }
        }
        assertEquals(10_000, acted);
    }
}
