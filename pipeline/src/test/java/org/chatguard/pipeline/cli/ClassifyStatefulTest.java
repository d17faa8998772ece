package org.chatguard.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.chatguard.connectors.json.EventJson;
import org.chatguard.connectors.json.MessageParser;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.risk.RiskConfig;
import org.chatguard.rules.risk.RiskEngine;

class ClassifyStatefulTest {

    static List<JsonNode> lines(String s) {
        return s.lines().map(l -> {
            try {
                return EventJson.mapper().readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).toList();
    }

    @Test
    void wholeConversationsAreScoredInOrderWithStaffActionsInPlace() throws Exception {
        String in = """
                {"id":"1","conversationId":"pm-1","senderId":"u-bob","recipientIds":["u-vic"],"text":"you are such a loser","sentAt":"2026-11-27T09:00:00Z"}
                {"id":"2","conversationId":"pm-1","senderId":"u-bob","recipientIds":["u-vic"],"text":"ur so ugly and pathetic","sentAt":"2026-11-27T09:00:10Z"}
                {"id":"3","conversationId":"pm-1","senderId":"u-bob","recipientIds":["u-vic"],"text":"nobody likes you, you smell","sentAt":"2026-11-27T09:00:20Z"}
                {"id":"4","conversationId":"pm-1","senderId":"u-bob","recipientIds":["u-vic"],"text":"ur so ugly","sentAt":"2026-11-27T09:00:30Z"}
                {"actionId":"a-1","type":"BLOCK_USER","userId":"u-bob","staffId":"s-1","at":"2026-11-27T09:01:00Z"}
                {"id":"5","kind":"BLOG","conversationId":"blog-9","senderId":"u-bob","text":"lovely weather","sentAt":"2026-11-27T09:02:00Z"}
                """;
        StringWriter out = new StringWriter();
        StringWriter alerts = new StringWriter();
        ClassifyCommand.classify(ClassifyCommandTest.in(in), out, alerts, ModerationEngine.defaultEngine(),
                new MessageParser(), new RiskEngine(RiskConfig.defaults()));
        List<JsonNode> o = lines(out.toString());
        assertEquals(6, o.size(), "one output line per input line");
        assertEquals("MASK", o.get(0).get("action").asText());
        assertEquals("BLOCK", o.get(3).get("action").asText(), "mild alone, blocked as bullying");
        assertEquals("BLOCK_USER", o.get(4).get("applied").asText());
        assertEquals("BLOCK", o.get(5).get("action").asText());
        assertEquals("user-blocked", o.get(5).get("reasons").get(0).asText());

        List<JsonNode> a = lines(alerts.toString());
        assertTrue(a.stream().allMatch(x -> x.get("alertId").asText().equals(a.get(0).get("alertId").asText())),
                "one bullying alert, updated: " + a);
        assertEquals(a.size(), a.get(a.size() - 1).get("sequence").asInt());
    }

    /** Issue 12's transcript: a moderator's mute of a bullying conversation must not silence a child's disclosure. */
    static final String MUTED_THEN_DISCLOSURE = """
            {"id":"m1","kind":"CHAT","channel":"private","conversationId":"c1","senderId":"a","recipientIds":["b"],"text":"you are such an idiot","sentAt":"2026-11-20T10:00:00Z"}
            {"id":"m2","kind":"CHAT","channel":"private","conversationId":"c1","senderId":"a","recipientIds":["b"],"text":"you stupid loser","sentAt":"2026-11-20T10:00:10Z"}
            {"id":"m3","kind":"CHAT","channel":"private","conversationId":"c1","senderId":"a","recipientIds":["b"],"text":"nobody likes you idiot","sentAt":"2026-11-20T10:00:20Z"}
            {"actionId":"sa1","type":"MUTE_CONVERSATION","conversationId":"c1","staffId":"s-mod","at":"2026-11-20T10:01:00Z"}
            {"id":"m4","kind":"CHAT","channel":"private","conversationId":"c1","senderId":"b","recipientIds":["a"],"text":"my dad hits me when he is drunk and i am scared to go home","sentAt":"2026-11-20T10:02:00Z"}
            {"id":"m5","kind":"CHAT","channel":"private","conversationId":"c1","senderId":"b","recipientIds":["a"],"text":"i want to kill myself tonight","sentAt":"2026-11-20T10:03:00Z"}
            """;

    static List<JsonNode> alertsFor(String in) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter alerts = new StringWriter();
        ClassifyCommand.classify(ClassifyCommandTest.in(in), out, alerts, ModerationEngine.defaultEngine(),
                new MessageParser(), new RiskEngine(RiskConfig.defaults()));
        return lines(alerts.toString());
    }

    /** The highest tier any alert with evidence of the message reached, or null. */
    static String tierFor(List<JsonNode> alerts, String messageId) {
        String best = null;
        for (JsonNode a : alerts) {
            for (JsonNode e : a.get("evidence")) {
                if (e.get("messageId").asText().equals(messageId)) {
                    String t = a.get("tier").asText();
                    if (best == null || org.chatguard.model.Tier.valueOf(t).compareTo(org.chatguard.model.Tier.valueOf(best)) > 0) {
                        best = t;
                    }
                }
            }
        }
        return best;
    }

    @Test
    void aModeratorsMuteNeverSilencesAbuseDisclosureOrSelfHarm() throws Exception {
        List<JsonNode> a = alertsFor(MUTED_THEN_DISCLOSURE);
        assertEquals("SAFEGUARDING", tierFor(a, "m4"), "abuse disclosure after a mute: " + a);
        String m5 = tierFor(a, "m5");
        assertTrue(m5 != null && org.chatguard.model.Tier.valueOf(m5).compareTo(org.chatguard.model.Tier.COUNSELLOR) >= 0,
                "self-harm after a mute reaches a counsellor or higher: " + a);
    }

    @Test
    void theMuteStillSilencesTheBullyingItWasAbout() throws Exception {
        String in = MUTED_THEN_DISCLOSURE.lines().limit(4).collect(java.util.stream.Collectors.joining("\n"))
                + "\n{\"id\":\"m6\",\"conversationId\":\"c1\",\"senderId\":\"a\",\"recipientIds\":[\"b\"],"
                + "\"text\":\"you stupid idiot loser\",\"sentAt\":\"2026-11-20T10:05:00Z\"}\n";
        List<JsonNode> a = alertsFor(in);
        assertEquals(null, tierFor(a, "m6"), "the muted bullying raises no new alert: " + a);
    }

    /** The same transcript through the command line, as {@code bin/chatguard classify --stateful --alerts-out FILE}. */
    @Test
    void theCommandLineGivesTheSameAlerts(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path alertsFile = tmp.resolve("alerts.jsonl");
        java.io.InputStream stdin = System.in;
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int code;
        try {
            System.setIn(new java.io.ByteArrayInputStream(MUTED_THEN_DISCLOSURE.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
            code = ChatGuardCli.commandLine().execute("classify", "--stateful", "--alerts-out", alertsFile.toString());
        } finally {
            System.setIn(stdin);
            System.setOut(stdout);
        }
        assertEquals(0, code);
        assertEquals(6, lines(out.toString(java.nio.charset.StandardCharsets.UTF_8)).size());
        List<JsonNode> a = lines(java.nio.file.Files.readString(alertsFile));
        assertEquals("SAFEGUARDING", tierFor(a, "m4"), a.toString());
        assertTrue(org.chatguard.model.Tier.valueOf(tierFor(a, "m5")).compareTo(org.chatguard.model.Tier.COUNSELLOR) >= 0, a.toString());
    }
}
