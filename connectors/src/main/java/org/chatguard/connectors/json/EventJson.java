package org.chatguard.connectors.json;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import org.chatguard.model.Decision;
import org.chatguard.model.DeadLetter;
import org.chatguard.model.StaffAction;
import org.chatguard.model.StaffAlert;
import org.chatguard.model.Tier;

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

    /**
     * A staff action from the {@code staff-actions} topic (or a {@code classify --stateful} line). Records
     * from before {@code staffRole} and {@code until} read as before; a role this version does not know is
     * dropped, so the action counts as a {@link Tier#MODERATOR}'s, the least trusted.
     */
    public static StaffAction staffAction(byte[] json) throws IOException {
        JsonNode tree = MAPPER.readTree(json);
        if (tree == null || !tree.isObject()) {
            throw new JsonMappingException(null, "staff action must be a JSON object");
        }
        return staffAction((ObjectNode) tree);
    }

    /** As {@link #staffAction(byte[])}, from an already parsed object (which may be changed). */
    public static StaffAction staffAction(ObjectNode tree) throws IOException {
        JsonNode role = tree.get("staffRole");
        if (role != null && !(role.isTextual() && KNOWN_ROLES.contains(role.textValue()))) {
            tree.remove("staffRole");
        }
        return MAPPER.treeToValue(tree, StaffAction.class);
    }

    private static final java.util.Set<String> KNOWN_ROLES = java.util.Arrays.stream(Tier.values()).map(Enum::name)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    public static DeadLetter deadLetter(byte[] json) throws IOException {
        return MAPPER.readValue(json, DeadLetter.class);
    }

    /** A record of the {@code shadow-diffs} topic. */
    public static org.chatguard.model.ShadowDiff shadowDiff(byte[] json) throws IOException {
        return MAPPER.readValue(json, org.chatguard.model.ShadowDiff.class);
    }
}
