package org.chatguard.connectors.json;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;

/**
 * Turns the bytes of an input record into a {@link ChatMessage}, or into a reason why it cannot be
 * moderated. Reasons name the field and the rule broken, never the content: they end up in the
 * dead-letter topic's {@code reason}, in metrics and possibly in logs.
 *
 * <p>Unknown fields are ignored so that sites can add their own; required fields are
 * {@code id}, {@code conversationId}, {@code senderId}, {@code text} and {@code sentAt}. {@code kind}
 * defaults to the content stream of the topic the record came from, {@code channel} to that stream's
 * usual place.
 */
public final class MessageParser implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_MAX_RECORD_BYTES = 256 * 1024;
    public static final int DEFAULT_MAX_TEXT_CHARS = 20_000;
    static final int MAX_ID_CHARS = 128;
    static final int MAX_CHANNEL_CHARS = 64;
    static final int MAX_RECIPIENTS = 1_000;

    private final int maxRecordBytes;
    private final int maxTextChars;

    public MessageParser() {
        this(DEFAULT_MAX_RECORD_BYTES, DEFAULT_MAX_TEXT_CHARS);
    }

    public MessageParser(int maxRecordBytes, int maxTextChars) {
        if (maxRecordBytes <= 0 || maxTextChars <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxRecordBytes = maxRecordBytes;
        this.maxTextChars = maxTextChars;
    }

    /** Outcome of parsing one record: exactly one of {@code message} and {@code error} is set. */
    public record Result(ChatMessage message, String error) {
        static Result ok(ChatMessage m) {
            return new Result(m, null);
        }

        static Result fail(String reason) {
            return new Result(null, reason);
        }

        public boolean ok() {
            return message != null;
        }
    }

    /**
     * @param value       the record value, possibly null (a tombstone)
     * @param defaultKind the content stream of the source topic, used when the record names none
     */
    public Result parse(byte[] value, ContentKind defaultKind) {
        Tree t = readObject(value);
        return t.ok() ? fromTree(t.root(), defaultKind) : Result.fail(t.error());
    }

    /** The record as a JSON object, or why it is not one: exactly one of {@code root} and {@code error} is set. */
    public record Tree(ObjectNode root, String error) {
        public boolean ok() {
            return root != null;
        }
    }

    /**
     * The checks before the fields: size, strict UTF-8, JSON, an object. {@link #parse} starts with it;
     * {@code classify} calls it on each input line so that batch and stream refuse the same records with the
     * same reasons.
     */
    public Tree readObject(byte[] value) {
        if (value == null || value.length == 0) {
            return new Tree(null, "empty record");
        }
        if (value.length > maxRecordBytes) {
            return new Tree(null, tooLarge(value.length));
        }
        String json;
        try {
            json = strictUtf8(value);
        } catch (CharacterCodingException e) {
            return new Tree(null, "invalid UTF-8");
        }
        JsonNode root;
        try {
            root = EventJson.mapper().readTree(json);
        } catch (StreamConstraintsException e) {
            return new Tree(null, "JSON too deeply nested or too long");
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the offending token, which may be chat text: report only where.
            JsonLocation at = e.getLocation();
            return new Tree(null, at == null ? "malformed JSON"
                    : "malformed JSON at line " + at.getLineNr() + " column " + at.getColumnNr());
        }
        if (root == null || !root.isObject()) {
            return new Tree(null, "not a JSON object");
        }
        return new Tree((ObjectNode) root, null);
    }

    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    /** The reason for a record over {@link #maxRecordBytes()} (also for a line {@code classify} did not keep). */
    public String tooLarge(long bytes) {
        return "record too large: " + bytes + " bytes (limit " + maxRecordBytes + ")";
    }

    /** Validates an already parsed object (used by the batch {@code classify} command too). */
    public Result fromTree(JsonNode root, ContentKind defaultKind) {
        try {
            String id = requiredString(root, "id", MAX_ID_CHARS);
            String conversationId = requiredString(root, "conversationId", MAX_ID_CHARS);
            String senderId = requiredString(root, "senderId", MAX_ID_CHARS);
            String text = requiredString(root, "text", maxTextChars);
            Instant sentAt = instant(root, "sentAt");
            ContentKind kind = kind(root, defaultKind);
            String channel = optionalString(root, "channel", MAX_CHANNEL_CHARS);
            if (channel == null) {
                channel = defaultChannel(kind);
            }
            List<String> recipients = recipients(root);
            return Result.ok(new ChatMessage(id, kind, channel, conversationId, senderId, recipients, text, sentAt));
        } catch (InvalidField e) {
            return Result.fail(e.getMessage());
        }
    }

    public static String defaultChannel(ContentKind kind) {
        return switch (kind) {
            case CHAT -> "general";
            case PRIVATE_MESSAGE -> "inbox";
            case BLOG -> "blog";
        };
    }

    private static String strictUtf8(byte[] value) throws CharacterCodingException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return decoder.decode(ByteBuffer.wrap(value)).toString();
    }

    private static String requiredString(JsonNode root, String field, int maxChars) throws InvalidField {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw new InvalidField("missing required field '" + field + "'");
        }
        if (!n.isTextual()) {
            throw new InvalidField("field '" + field + "' must be a string, was " + type(n));
        }
        String s = n.textValue();
        if (s.isBlank()) {
            throw new InvalidField("field '" + field + "' is empty");
        }
        if (s.length() > maxChars) {
            throw new InvalidField("field '" + field + "' too long: " + s.length() + " chars (limit " + maxChars + ")");
        }
        return s;
    }

    private static String optionalString(JsonNode root, String field, int maxChars) throws InvalidField {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new InvalidField("field '" + field + "' must be a string, was " + type(n));
        }
        String s = n.textValue().trim();
        if (s.length() > maxChars) {
            throw new InvalidField("field '" + field + "' too long: " + s.length() + " chars (limit " + maxChars + ")");
        }
        return s.isEmpty() ? null : s;
    }

    private static Instant instant(JsonNode root, String field) throws InvalidField {
        String s = requiredString(root, field, 64);
        try {
            return IsoTimestamps.parse(s);
        } catch (DateTimeParseException e) {
            throw new InvalidField("field '" + field + "' is not an ISO-8601 timestamp with offset (e.g. 2026-11-27T09:15:00Z)");
        }
    }

    private static ContentKind kind(JsonNode root, ContentKind defaultKind) throws InvalidField {
        String s = optionalString(root, "kind", 32);
        if (s == null) {
            if (defaultKind == null) {
                throw new InvalidField("missing required field 'kind'");
            }
            return defaultKind;
        }
        String norm = s.toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return ContentKind.valueOf(norm);
        } catch (IllegalArgumentException e) {
            throw new InvalidField("field 'kind' must be one of CHAT, PRIVATE_MESSAGE, BLOG");
        }
    }

    private static List<String> recipients(JsonNode root) throws InvalidField {
        JsonNode n = root.get("recipientIds");
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new InvalidField("field 'recipientIds' must be an array of strings, was " + type(n));
        }
        if (n.size() > MAX_RECIPIENTS) {
            throw new InvalidField("field 'recipientIds' has " + n.size() + " entries (limit " + MAX_RECIPIENTS + ")");
        }
        List<String> out = new ArrayList<>(n.size());
        for (JsonNode r : n) {
            if (!r.isTextual() || r.textValue().isBlank() || r.textValue().length() > MAX_ID_CHARS) {
                throw new InvalidField("field 'recipientIds' must hold non-empty strings of at most " + MAX_ID_CHARS + " chars");
            }
            out.add(r.textValue());
        }
        return out;
    }

    private static String type(JsonNode n) {
        return n.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    /** Control flow for validation; cheap because it carries no stack trace. */
    private static final class InvalidField extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidField(String reason) {
            super(reason, null, false, false);
        }
    }
}
