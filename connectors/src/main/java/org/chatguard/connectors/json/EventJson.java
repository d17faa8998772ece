package org.chatguard.connectors.json;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import org.chatguard.model.Decision;
import org.chatguard.model.DeadLetter;
import org.chatguard.model.StaffAlert;

/**
 * The JSON form of every ChatGuard event. Records map field-for-field; instants are ISO-8601 strings.
 * One shared, immutable mapper: Jackson mappers are thread-safe once configured and costly to build.
 */
public final class EventJson {

    /** Deep nesting is an attack, not a chat message: refuse it before it costs stack. */
    public static final int MAX_NESTING_DEPTH = 64;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(MessageParser.DEFAULT_MAX_RECORD_BYTES)
                .maxNumberLength(64)
                .build());
    }

    private EventJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] toBytes(Object event) {
        try {
            if (event instanceof Decision d) {
                // one per message: written directly, same bytes as the mapper's (DecisionJsonTest)
                return DecisionJson.toBytes(d);
            }
            return MAPPER.writeValueAsBytes(event);
        } catch (IOException e) {
            // only reachable through a programming error (an unserialisable type); never carries message text
            throw new UncheckedIOException("cannot serialise " + event.getClass().getSimpleName(), e);
        }
    }

    public static String toJson(Object event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise " + event.getClass().getSimpleName(), e);
        }
    }

    public static Decision decision(byte[] json) throws IOException {
        return MAPPER.readValue(json, Decision.class);
    }

    public static StaffAlert alert(byte[] json) throws IOException {
        return MAPPER.readValue(json, StaffAlert.class);
    }

    public static DeadLetter deadLetter(byte[] json) throws IOException {
        return MAPPER.readValue(json, DeadLetter.class);
    }
}
