package org.chatguard.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        ClassifyCommand.classify(new BufferedReader(new StringReader(in)), out, alerts, ModerationEngine.defaultEngine(),
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
}
