package org.chatguard.connectors.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

import org.chatguard.model.DeadLetter;

/** Builds dead letters that stay bounded in size whatever arrived. */
public final class DeadLetters {

    private DeadLetters() {
    }

    public static DeadLetter of(RawRecord raw, String reason, Instant now) {
        byte[] value = raw.value() == null ? new byte[0] : raw.value();
        boolean truncated = value.length > DeadLetter.MAX_RAW_BYTES;
        byte[] kept = truncated ? Arrays.copyOf(value, DeadLetter.MAX_RAW_BYTES) : value;
        String text = null;
        String base64 = null;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(kept)).toString();
        } catch (CharacterCodingException e) {
            // a cut can split a multi-byte character, and some records are not text at all
            base64 = Base64.getEncoder().encodeToString(kept);
        }
        return new DeadLetter(raw.topic(), raw.partition(), raw.offset(), reason, text, base64, value.length, truncated, now);
    }
}
