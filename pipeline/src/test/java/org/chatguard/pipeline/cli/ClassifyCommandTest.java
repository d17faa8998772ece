package org.chatguard.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.chatguard.connectors.json.EventJson;
import org.chatguard.connectors.json.MessageParser;
import org.chatguard.rules.ModerationEngine;

class ClassifyCommandTest {

    private final ModerationEngine engine = ModerationEngine.defaultEngine();

    static InputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    static List<JsonNode> json(String out) {
        return out.lines().map(l -> {
            try {
                return EventJson.mapper().readTree(l);
            } catch (Exception e) {
                throw new AssertionError("output line is not JSON: " + l, e);
            }
        }).toList();
    }

    static final String GOOD = "{\"id\":\"g%d\",\"text\":\"see you at football\",\"sentAt\":\"2026-11-27T09:00:00Z\"}\n";

    @Test
    void aLineOverTheRecordBoundIsAnErrorWithTheJobsReasonAndTheRunGoesOn() throws Exception {
        MessageParser parser = new MessageParser(1024, MessageParser.DEFAULT_MAX_TEXT_CHARS);
        String huge = "{\"id\":\"h\",\"text\":\"" + "a".repeat(5000) + "\",\"sentAt\":\"2026-11-27T09:00:00Z\"}";
        byte[] hugeBytes = huge.getBytes(StandardCharsets.UTF_8);
        StringWriter out = new StringWriter();
        ClassifyCommand.classify(in(String.format(GOOD, 1) + huge + "\n" + String.format(GOOD, 2)), out,
                java.io.Writer.nullWriter(), engine, parser);
        List<JsonNode> o = json(out.toString());
        assertEquals(3, o.size());
        assertEquals("g1", o.get(0).get("id").asText());
        assertEquals(parser.parse(hugeBytes, org.chatguard.model.ContentKind.CHAT).error(), o.get(1).get("error").asText(),
                "the reason the job gives the same record");
        assertEquals("record too large: " + hugeBytes.length + " bytes (limit 1024)", o.get(1).get("error").asText());
        assertEquals("too-large", o.get(1).get("reason").asText());
        assertEquals(2, o.get(1).get("line").asInt());
        assertEquals("g2", o.get(2).get("id").asText(), "the line after it is read whole");
    }

    @Test
    void invalidUtf8AndAMissingSentAtAreRefusedAsTheJobRefusesThem() throws Exception {
        MessageParser parser = new MessageParser();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] bad = "{\"id\":\"u\",\"text\":\"caf\u00e9\",\"sentAt\":\"2026-11-27T09:00:00Z\"}".getBytes(StandardCharsets.UTF_8);
        bad[bad.length - 30] = (byte) 0xC3; // a lead byte followed by ASCII: not UTF-8
        byte[] noTime = "{\"id\":\"t\",\"text\":\"hello\",\"conversationId\":\"c\",\"senderId\":\"s\"}".getBytes(StandardCharsets.UTF_8);
        b.write(bad);
        b.write('\n');
        b.write(noTime);
        b.write('\n');
        b.write(String.format(GOOD, 3).getBytes(StandardCharsets.UTF_8));
        StringWriter out = new StringWriter();
        ClassifyCommand.classify(new ByteArrayInputStream(b.toByteArray()), out, java.io.Writer.nullWriter(), engine, parser);
        List<JsonNode> o = json(out.toString());
        assertEquals(3, o.size());
        assertEquals("invalid UTF-8", o.get(0).get("error").asText());
        assertEquals(parser.parse(bad, org.chatguard.model.ContentKind.CHAT).error(), o.get(0).get("error").asText());
        assertEquals("invalid-utf8", o.get(0).get("reason").asText());
        assertEquals(parser.parse(noTime, org.chatguard.model.ContentKind.CHAT).error(), o.get(1).get("error").asText());
        assertEquals("missing required field 'sentAt'", o.get(1).get("error").asText());
        assertEquals("t", o.get(1).get("id").asText());
        assertEquals("ALLOW", o.get(2).get("action").asText());
    }

    @Test
    void decisionsCarryTheInputsTimeSoRunsAreReproducible() throws Exception {
        String input = String.format(GOOD, 1) + "{\"id\":\"x\",\"text\":\"you are such an idiot\",\"sentAt\":\"2026-11-27T10:00:00Z\"}\n";
        StringWriter a = new StringWriter();
        StringWriter b = new StringWriter();
        ClassifyCommand.classify(in(input), a, java.io.Writer.nullWriter(), engine, new MessageParser());
        Thread.sleep(5);
        ClassifyCommand.classify(in(input), b, java.io.Writer.nullWriter(), engine, new MessageParser());
        assertEquals(a.toString(), b.toString());
        assertEquals("2026-11-27T10:00:00Z", json(a.toString()).get(1).get("decidedAt").asText());
    }

    /** A matcher that fails on texts with "boom" in them. */
    static ModerationEngine faulty() {
        return ModerationEngine.withProbe(org.chatguard.rules.RulePackLoader.defaultPack(), text -> {
            if (text.contains("boom")) {
                throw new IllegalStateException("simulated matcher fault on " + text);
            }
        });
    }

    @Test
    void anEngineFaultHoldsTheMessageAlertsAModeratorAndTheRunGoesOn() throws Exception {
        String input = String.format(GOOD, 1)
                + "{\"id\":\"b\",\"text\":\"boom secret words\",\"conversationId\":\"c-9\",\"senderId\":\"u-1\",\"sentAt\":\"2026-11-27T09:00:05Z\"}\n"
                + String.format(GOOD, 2);
        for (boolean stateful : new boolean[] {false, true}) {
            StringWriter out = new StringWriter();
            StringWriter alerts = new StringWriter();
            ClassifyCommand.classify(in(input), out, alerts, faulty(), new MessageParser(),
                    stateful ? new org.chatguard.rules.risk.RiskEngine(org.chatguard.rules.risk.RiskConfig.defaults()) : null);
            List<JsonNode> o = json(out.toString());
            assertEquals(3, o.size(), "stateful=" + stateful);
            assertEquals("HOLD", o.get(1).get("action").asText(), "fails closed, stateful=" + stateful + ": " + o.get(1));
            assertEquals("engine-error", o.get(1).get("reasons").get(0).asText());
            assertEquals("ALLOW", o.get(2).get("action").asText(), "the next message is moderated as usual");
            List<JsonNode> a = json(alerts.toString());
            assertEquals(1, a.size(), "stateful=" + stateful + ": " + a);
            assertEquals("MODERATOR", a.get(0).get("tier").asText());
            assertEquals("engine-error", a.get(0).get("reasonCodes").get(0).asText());
            assertEquals("b", a.get(0).get("evidence").get(0).get("messageId").asText());
            assertFalse(alerts.toString().contains("secret") || out.toString().contains("secret"), "no text anywhere");
        }
    }

    private List<JsonNode> classify(String input, StringWriter alerts) throws Exception {
        StringWriter out = new StringWriter();
        ClassifyCommand.classify(in(input), out, alerts, engine, new MessageParser());
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
                {"id":"a","text":"have a lovely day","sentAt":"2026-11-27T09:00:00Z"}
                {"id":"b","text":"this is shit","sentAt":"2026-11-27T09:00:01Z"}
                not json
                {"id":"c","sentAt":"2026-11-27T09:00:02Z"}
                {"id":"d","text":"i want to kill myself","conversationId":"bubble-1","senderId":"u-9","kind":"chat","sentAt":"2026-11-27T09:00:03Z"}
                """, alerts);
        assertEquals(5, out.size());
        assertEquals("a", out.get(0).get("id").asText());
        assertEquals("ALLOW", out.get(0).get("action").asText());
        assertEquals("MASK", out.get(1).get("action").asText());
        assertEquals("this is ****", out.get(1).get("displayText").asText());
        assertEquals(3, out.get(2).get("line").asInt());
        assertEquals("malformed JSON at line 1 column 4", out.get(2).get("error").asText());
        assertEquals("malformed-json", out.get(2).get("reason").asText());
        assertEquals("c", out.get(3).get("id").asText());
        assertEquals("missing required field 'text'", out.get(3).get("error").asText());
        assertEquals("d", out.get(4).get("id").asText());
        assertEquals("bubble-1", out.get(4).get("conversationId").asText());

        List<String> alertLines = alerts.toString().lines().toList();
        assertEquals(1, alertLines.size());
        JsonNode alert = EventJson.mapper().readTree(alertLines.get(0));
        assertEquals("COUNSELLOR", alert.get("tier").asText());
        assertEquals("d", alert.get("evidence").get(0).get("messageId").asText());
        assertEquals("i want to kill myself", alert.get("evidence").get(0).get("maskedExcerpt").asText(),
                "the counsellor reads the words that raised the concern (StaffEvidence)");
    }

    @Test
    void handlesAHundredThousandLines() throws Exception {
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            in.append("{\"id\":\"m").append(i).append("\",\"text\":\"")
                    .append(i % 10 == 0 ? "you are such an idiot" : "see you at football practice later")
                    .append("\",\"sentAt\":\"2026-11-27T09:00:00Z\"}\n");
        }
        StringWriter out = new StringWriter();
        ClassifyCommand.classify(in(in.toString()), out, java.io.Writer.nullWriter(),
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
