package org.chatguard.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import org.chatguard.connectors.json.EventJson;
import org.chatguard.model.DeadLetter;

class DeadLettersTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void keepsTextRecordsAsTextWithTheirCoordinates() throws Exception {
        DeadLetter d = DeadLetters.of(new RawRecord("chat-messages", 2, 41L, 0L, "{oops".getBytes(StandardCharsets.UTF_8)),
                "malformed JSON at line 1 column 2", NOW);
        assertEquals("chat-messages", d.sourceTopic());
        assertEquals(2, d.partition());
        assertEquals(41L, d.offset());
        assertEquals("{oops", d.raw());
        assertNull(d.rawBase64());
        assertEquals(5, d.rawSize());
        assertFalse(d.truncated());
        assertEquals(d, EventJson.deadLetter(EventJson.toBytes(d)), "JSON round trip");
    }

    @Test
    void binaryRecordsGoAsBase64() {
        byte[] bin = {(byte) 0xFF, 0, 1, 2, (byte) 0x80};
        DeadLetter d = DeadLetters.of(new RawRecord("blog-posts", 0, 0L, 0L, bin), "invalid UTF-8", NOW);
        assertNull(d.raw());
        assertArrayEquals(bin, Base64.getDecoder().decode(d.rawBase64()));
    }

    @Test
    void hugeRecordsAreCutToTheBound() {
        byte[] big = new byte[3 * DeadLetter.MAX_RAW_BYTES];
        Arrays.fill(big, (byte) 'x');
        DeadLetter d = DeadLetters.of(new RawRecord("chat-messages", 0, 7L, 0L, big), "record too large", NOW);
        assertTrue(d.truncated());
        assertEquals(big.length, d.rawSize());
        assertEquals(DeadLetter.MAX_RAW_BYTES, d.raw().length());
    }

    @Test
    void nullValueIsAnEmptyDeadLetter() {
        DeadLetter d = DeadLetters.of(new RawRecord("chat-messages", 0, 1L, 0L, null), "empty record", NOW);
        assertEquals("", d.raw());
        assertEquals(0, d.rawSize());
    }
}
