package org.chatguard.connectors.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.chatguard.model.ContentKind;

/** The fast {@code sentAt} path must agree with {@link OffsetDateTime#parse} on everything it accepts. */
class IsoTimestampsTest {

    static final List<String> VALID = List.of(
            "2026-11-27T09:15:02Z", "2026-11-27T09:15:02.021Z", "2026-11-27T09:15:02.1Z",
            "2026-11-27T09:15:02.123456789Z", "2026-11-27T09:15:02.000000001+00:00", "2026-11-27T09:15:02+01:00",
            "2026-11-27T09:15:02-05:30", "2026-11-27T00:00:00+18:00", "2026-11-27T23:59:59-18:00",
            "2026-11-27T09:15:02-00:00", "2024-02-29T12:00:00Z", "2000-02-29T12:00:00Z", "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59.999Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999-18:00",
            // shapes only the fallback reads
            "2026-11-27T09:15Z", "2026-11-27t09:15:02z", "2026-11-27T09:15:02+01:00:30", "+12026-11-27T09:15:02Z",
            "2026-11-27T09:15:02.Z");

    /** Shapes whose validity is whatever OffsetDateTime.parse says (it has varied between JDK versions). */
    static final List<String> EITHER = List.of("2026-11-27T09:15:02+0100", "2026-11-27T09:15:02+01", "2026-11-27T09:15:02+01:00:60");

    static final List<String> INVALID = List.of(
            "", "2026-11-27", "2026-11-27T09:15:02", "2026-11-27 09:15:02Z", "2026-13-01T00:00:00Z",
            "2026-00-01T00:00:00Z", "2026-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
            "2026-11-27T24:00:00Z", "2026-11-27T09:60:00Z", "2026-11-27T09:15:60Z", "2026-11-27T09:15:02.1234567890Z",
            "2026-11-27T09:15:02+19:00", "2026-11-27T09:15:02+18:01", "2026-11-27T09:15:02+01:60",
            "2026-11-27T09:15:02ZZ", "2026-11-27T09:15:02Z ", " 2026-11-27T09:15:02Z", "2026-11-27T09:15:02.12a4Z",
            "2026-1a-27T09:15:02Z", "2026-11-27T09:15:02+1:00", "2026-11-27T09:15:02+01:0", "2026-11-27T09:15:02 +01:00",
            "2026-11-27T09:15:02.-1Z", "2026-\u0661\u0661-27T09:15:02Z", "2026-11-27T09:15:02\u002b01:00x",
            "1764234902", "now");

    private static Instant reference(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void agrees(String s) {
        Instant expected = reference(s);
        Instant fast = IsoTimestamps.fast(s);
        if (fast != null && !fast.equals(expected)) {
            fail("fast path read " + s + " as " + fast + ", OffsetDateTime.parse as " + expected);
        }
        if (expected == null) {
            assertThrows(DateTimeParseException.class, () -> IsoTimestamps.parse(s), s);
        } else {
            assertEquals(expected, IsoTimestamps.parse(s), s);
        }
    }

    @Test
    void listedShapesAgreeWithOffsetDateTime() {
        VALID.forEach(s -> assertNotNull(reference(s), "test data: " + s + " should be valid"));
        INVALID.forEach(s -> assertNull(reference(s), "test data: " + s + " should be invalid"));
        VALID.forEach(IsoTimestampsTest::agrees);
        INVALID.forEach(IsoTimestampsTest::agrees);
        EITHER.forEach(IsoTimestampsTest::agrees);
    }

    @Test
    void commonShapesTakeTheFastPath() {
        for (String s : List.of("2026-11-27T09:15:02Z", "2026-11-27T09:15:02.021Z", "2026-11-27T09:15:02.021+01:00",
                "2026-11-27T09:15:02-05:30")) {
            assertNotNull(IsoTimestamps.fast(s), s);
        }
    }

    @Test
    void randomTimestampsAndMutationsAgree() {
        Random r = new Random(7);
        String alphabet = "0123456789-:TZ.+tz ";
        for (int i = 0; i < 200_000; i++) {
            long secs = r.nextLong() % 253_402_300_799L;
            int nanos = r.nextInt(4) == 0 ? 0 : r.nextInt(1_000_000_000);
            int offsetMinutes = r.nextInt(3) == 0 ? 0 : r.nextInt(18 * 60 * 2 + 1) - 18 * 60;
            String s = OffsetDateTime.ofInstant(Instant.ofEpochSecond(Math.abs(secs), nanos),
                    java.time.ZoneOffset.ofTotalSeconds(offsetMinutes * 60)).toString();
            agrees(s);
            char[] c = s.toCharArray();
            int k = r.nextInt(c.length);
            c[k] = alphabet.charAt(r.nextInt(alphabet.length()));
            agrees(new String(c));
            agrees(s.substring(0, r.nextInt(s.length())));
        }
    }

    @Test
    void anInvalidSentAtIsDeadLetteredWithTheSameReason() {
        String json = "{\"id\":\"m-1\",\"conversationId\":\"c\",\"senderId\":\"u\",\"text\":\"hi\",\"sentAt\":\"%s\"}";
        String reason = "field 'sentAt' is not an ISO-8601 timestamp with offset (e.g. 2026-11-27T09:15:00Z)";
        for (String bad : List.of("2026-02-30T09:15:00Z", "2026-11-27T09:15:00", "2026-11-27T25:15:00Z", "yesterday")) {
            MessageParser.Result r = new MessageParser().parse(String.format(json, bad).getBytes(StandardCharsets.UTF_8), ContentKind.CHAT);
            assertEquals(reason, r.error(), bad);
        }
        MessageParser.Result ok = new MessageParser().parse(
                String.format(json, "2026-11-27T10:15:00.5+01:00").getBytes(StandardCharsets.UTF_8), ContentKind.CHAT);
        assertEquals(Instant.parse("2026-11-27T09:15:00.500Z"), ok.message().sentAt());
    }
}
