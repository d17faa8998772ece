package org.chatguard.load.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The {@code id} of a decision (or message) record without binding the whole JSON: the load tool reads
 * every decision the job writes, on the same cores as the job. Records written by Jackson from the
 * {@code Decision} record start with {@code {"id":"...} and take the fast path; anything else is
 * streamed until the top-level {@code id} field.
 */
public final class DecisionIds {

    private static final byte[] PREFIX = "{\"id\":\"".getBytes(StandardCharsets.UTF_8);
    private static final JsonFactory JSON = new JsonFactory();

    private DecisionIds() {
    }

    /** @return the id, or {@code null} when the record has no string {@code id} at top level */
    public static String extract(byte[] json) {
        if (json == null) {
            return null;
        }
        if (json.length > PREFIX.length && startsWith(json)) {
            for (int i = PREFIX.length; i < json.length; i++) {
                byte b = json[i];
                if (b == '"') {
                    return new String(json, PREFIX.length, i - PREFIX.length, StandardCharsets.UTF_8);
                }
                if (b == '\\') {
                    break; // escaped id: let the parser decode it
                }
            }
        }
        return slow(json);
    }

    private static boolean startsWith(byte[] json) {
        for (int i = 0; i < PREFIX.length; i++) {
            if (json[i] != PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    private static String slow(byte[] json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if ("id".equals(name)) {
                    return v == JsonToken.VALUE_STRING ? p.getText() : null;
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
