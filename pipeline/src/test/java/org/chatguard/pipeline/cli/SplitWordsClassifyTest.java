package org.chatguard.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chatguard classify --stateful} catches words split across a sender's messages, as the job does. */
class SplitWordsClassifyTest {

    static String line(String id, String sender, String text, int second) {
        return "{\"id\":\"" + id + "\",\"conversationId\":\"c-1\",\"senderId\":\"" + sender + "\",\"text\":\"" + text
                + "\",\"sentAt\":\"2026-12-02T10:00:" + (second < 10 ? "0" : "") + second + "Z\"}\n";
    }

    @Test
    void theCompletingMessageIsMaskedAndNamesTheEarlierOnes(@TempDir Path tmp) throws Exception {
        String in = line("1", "u-a", "f", 0) + line("2", "u-a", "u", 1) + line("3", "u-a", "c", 2) + line("4", "u-a", "k", 3)
                + line("5", "u-b", "k", 10) + line("6", "u-b", "o", 11) + line("7", "u-b", "k", 12);
        List<JsonNode> out = SpanishClassifyTest.run(tmp, in, "--stateful").get(0);
        assertEquals(7, out.size());
        JsonNode k = out.get(3);
        assertEquals("MASK", k.get("action").asText());
        assertEquals("*", k.get("displayText").asText());
        assertEquals("prof.fuck", k.get("matches").get(0).get("ruleId").asText());
        assertEquals("[\"1\",\"2\",\"3\"]", k.get("matches").get(0).get("messageIds").toString());
        for (int i : new int[] {0, 1, 2, 4, 5, 6}) {
            assertEquals("ALLOW", out.get(i).get("action").asText(), "line " + (i + 1));
            assertEquals(0, out.get(i).get("matches").size(), "line " + (i + 1));
        }
        // per message (no --stateful) there is no memory of earlier messages: nothing to join
        List<JsonNode> stateless = SpanishClassifyTest.run(tmp, in).get(0);
        assertEquals("ALLOW", stateless.get(3).get("action").asText());
        assertFalse(stateless.get(3).get("matches").elements().hasNext());
    }
}
