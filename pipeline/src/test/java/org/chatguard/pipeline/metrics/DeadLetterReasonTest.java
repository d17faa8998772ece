package org.chatguard.pipeline.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.chatguard.connectors.json.MessageParser;
import org.chatguard.model.ContentKind;

/** The parser's real reasons land in the intended bucket (this breaks loudly if a reason's wording changes). */
class DeadLetterReasonTest {

    private static final MessageParser PARSER = new MessageParser(1000, 50);

    private static DeadLetterReason bucket(String json) {
        return bucket(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    private static DeadLetterReason bucket(byte[] raw) {
        MessageParser.Result r = PARSER.parse(raw, ContentKind.CHAT);
        return DeadLetterReason.of(r.error());
    }

    private static String msg(String fields) {
        return "{\"id\":\"m1\",\"conversationId\":\"c\",\"senderId\":\"u\",\"text\":\"hi\",\"sentAt\":\"2026-11-27T09:00:00Z\"" + fields + "}";
    }

    @Test
    void parserReasonsMapToTheirBuckets() {
        assertEquals(DeadLetterReason.EMPTY_RECORD, bucket((byte[]) null));
        assertEquals(DeadLetterReason.TOO_LARGE, bucket("{\"text\":\"" + "a".repeat(2000) + "\"}"));
        assertEquals(DeadLetterReason.INVALID_UTF8, bucket(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}));
        assertEquals(DeadLetterReason.MALFORMED_JSON, bucket("{\"id\": "));
        assertEquals(DeadLetterReason.NOT_AN_OBJECT, bucket("[1,2]"));
        assertEquals(DeadLetterReason.MISSING_FIELD, bucket("{\"id\":\"m1\"}"));
        assertEquals(DeadLetterReason.WRONG_TYPE, bucket(msg(",\"channel\":7")));
        assertEquals(DeadLetterReason.WRONG_TYPE, bucket(msg(",\"recipientIds\":\"u2\"")));
        assertEquals(DeadLetterReason.WRONG_TYPE, bucket(msg(",\"recipientIds\":[3]")));
        assertEquals(DeadLetterReason.EMPTY_FIELD, bucket("{\"id\":\" \",\"conversationId\":\"c\",\"senderId\":\"u\",\"text\":\"hi\",\"sentAt\":\"x\"}"));
        assertEquals(DeadLetterReason.TOO_LONG, bucket("{\"id\":\"m\",\"conversationId\":\"c\",\"senderId\":\"u\",\"text\":\""
                + "a".repeat(60) + "\",\"sentAt\":\"2026-11-27T09:00:00Z\"}"));
        assertEquals(DeadLetterReason.BAD_TIMESTAMP, bucket("{\"id\":\"m\",\"conversationId\":\"c\",\"senderId\":\"u\",\"text\":\"hi\",\"sentAt\":\"yesterday\"}"));
        assertEquals(DeadLetterReason.BAD_VALUE, bucket(msg(",\"kind\":\"EMAIL\"")));
        assertEquals(DeadLetterReason.PARSER_FAILURE, DeadLetterReason.of("parser failure: NullPointerException"));
        assertEquals(DeadLetterReason.OTHER, DeadLetterReason.of("something new"));
        assertEquals(DeadLetterReason.OTHER, DeadLetterReason.of(null));
    }

    @Test
    void labelsAreShortKebabCase() {
        assertEquals("malformed-json", DeadLetterReason.MALFORMED_JSON.label());
        assertEquals("invalid-utf8", DeadLetterReason.INVALID_UTF8.label());
        for (DeadLetterReason r : DeadLetterReason.values()) {
            assertEquals(true, r.label().matches("[a-z0-9-]{3,20}"), r.label());
        }
    }
}
