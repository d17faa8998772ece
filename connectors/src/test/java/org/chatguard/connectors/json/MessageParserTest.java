package org.chatguard.connectors.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;

class MessageParserTest {

    private final MessageParser parser = new MessageParser();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String valid(String extra) {
        return "{\"id\":\"m1\",\"conversationId\":\"c1\",\"senderId\":\"u1\",\"text\":\"hello \uD83D\uDE00\","
                + "\"sentAt\":\"2026-11-27T09:15:00+01:00\"" + extra + "}";
    }

    @Test
    void parsesAllFieldsAndIgnoresUnknownOnes() {
        MessageParser.Result r = parser.parse(utf8(valid(",\"kind\":\"private-message\",\"channel\":\"inbox\","
                + "\"recipientIds\":[\"u2\",\"u3\"],\"siteSpecific\":{\"x\":[1,2]}")), ContentKind.CHAT);
        assertTrue(r.ok(), r.error());
        ChatMessage m = r.message();
        assertEquals("m1", m.id());
        assertEquals(ContentKind.PRIVATE_MESSAGE, m.kind());
        assertEquals("inbox", m.channel());
        assertEquals("c1", m.conversationId());
        assertEquals("u1", m.senderId());
        assertEquals(List.of("u2", "u3"), m.recipientIds());
        assertEquals("hello \uD83D\uDE00", m.text());
        assertEquals(Instant.parse("2026-11-27T08:15:00Z"), m.sentAt());
    }

    @Test
    void kindAndChannelDefaultFromTheTopic() {
        MessageParser.Result r = parser.parse(utf8(valid("")), ContentKind.BLOG);
        assertTrue(r.ok());
        assertEquals(ContentKind.BLOG, r.message().kind());
        assertEquals("blog", r.message().channel());
        assertEquals(List.of(), r.message().recipientIds());
    }

    @Test
    void rejectsWithAReasonThatNamesTheFieldButNotTheContent() {
        assertError("missing required field 'text'",
                "{\"id\":\"m1\",\"conversationId\":\"c1\",\"senderId\":\"u1\",\"sentAt\":\"2026-11-27T09:15:00Z\"}");
        assertError("field 'text' must be a string, was number",
                "{\"id\":\"m1\",\"conversationId\":\"c1\",\"senderId\":\"u1\",\"text\":42,\"sentAt\":\"2026-11-27T09:15:00Z\"}");
        assertError("field 'text' is empty",
                "{\"id\":\"m1\",\"conversationId\":\"c1\",\"senderId\":\"u1\",\"text\":\"  \",\"sentAt\":\"2026-11-27T09:15:00Z\"}");
        assertError("field 'sentAt' is not an ISO-8601 timestamp with offset (e.g. 2026-11-27T09:15:00Z)",
                "{\"id\":\"m1\",\"conversationId\":\"c1\",\"senderId\":\"u1\",\"text\":\"hi\",\"sentAt\":\"yesterday\"}");
        assertError("field 'kind' must be one of CHAT, PRIVATE_MESSAGE, BLOG", valid(",\"kind\":\"sms\""));
        assertError("field 'recipientIds' must be an array of strings, was string", valid(",\"recipientIds\":\"u2\""));
        assertError("not a JSON object", "[1,2,3]");
        assertError("empty record", "");
    }

    @Test
    void malformedJsonReasonGivesThePositionOnly() {
        MessageParser.Result r = parser.parse(utf8("{\"id\": \"m1\", \"text\": secretword }"), ContentKind.CHAT);
        assertFalse(r.ok());
        assertTrue(r.error().startsWith("malformed JSON at line 1 column "), r.error());
        assertFalse(r.error().contains("secretword"), "reason must not quote content: " + r.error());
    }

    @Test
    void invalidUtf8IsRejected() {
        byte[] bad = utf8(valid(""));
        bad[bad.length - 20] = (byte) 0xC3; // start of a 2-byte sequence followed by ASCII
        bad[bad.length - 19] = (byte) 0x28;
        assertEquals("invalid UTF-8", parser.parse(bad, ContentKind.CHAT).error());
        assertEquals("invalid UTF-8", parser.parse(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1}, ContentKind.CHAT).error());
    }

    @Test
    void oversizedRecordsAndTextsAreRejected() {
        String mb = "a".repeat(1024 * 1024);
        MessageParser.Result r = parser.parse(utf8(valid(",\"padding\":\"" + mb + "\"")), ContentKind.CHAT);
        assertTrue(r.error().startsWith("record too large: "), r.error());

        MessageParser small = new MessageParser(1024 * 1024, 100);
        String longText = "{\"id\":\"m1\",\"conversationId\":\"c1\",\"senderId\":\"u1\",\"text\":\"" + "b".repeat(101)
                + "\",\"sentAt\":\"2026-11-27T09:15:00Z\"}";
        assertEquals("field 'text' too long: 101 chars (limit 100)", small.parse(utf8(longText), ContentKind.CHAT).error());
    }

    @Test
    void deepNestingIsRefusedWithoutStackOverflow() {
        String deep = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        MessageParser.Result r = parser.parse(utf8(deep), ContentKind.CHAT);
        assertFalse(r.ok());
        assertEquals("JSON too deeply nested or too long", r.error());
    }

    @Test
    void duplicateKeysAreRejectedNotSilentlyResolved() {
        String dup = "{\"id\":\"m1\",\"conversationId\":\"c1\",\"senderId\":\"u1\",\"text\":\"hi\",\"text\":\"other\","
                + "\"sentAt\":\"2026-11-27T09:15:00Z\"}";
        MessageParser.Result r = parser.parse(utf8(dup), ContentKind.CHAT);
        assertFalse(r.ok());
        assertNull(r.message());
    }

    private void assertError(String expected, String json) {
        MessageParser.Result r = parser.parse(utf8(json), ContentKind.CHAT);
        assertFalse(r.ok(), "should be rejected: " + json);
        assertEquals(expected, r.error());
    }
}
