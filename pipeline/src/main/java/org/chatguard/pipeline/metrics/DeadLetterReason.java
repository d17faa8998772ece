package org.chatguard.pipeline.metrics;

import java.util.Locale;

/**
 * The fixed, small set of dead-letter reasons used as a metric label. The free-text reason (which
 * names a field and a limit) goes to the dead-letter topic; metrics only ever see one of these, so
 * label cardinality stays bounded whatever arrives.
 */
public enum DeadLetterReason {
    EMPTY_RECORD,
    TOO_LARGE,
    INVALID_UTF8,
    MALFORMED_JSON,
    NOT_AN_OBJECT,
    MISSING_FIELD,
    WRONG_TYPE,
    EMPTY_FIELD,
    TOO_LONG,
    BAD_TIMESTAMP,
    BAD_VALUE,
    PARSER_FAILURE,
    OTHER;

    /** The label value, e.g. {@code malformed-json}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Buckets a reason produced by {@link org.chatguard.connectors.json.MessageParser} (or the parse stage). */
    public static DeadLetterReason of(String reason) {
        if (reason == null) {
            return OTHER;
        }
        if (reason.equals("empty record")) {
            return EMPTY_RECORD;
        }
        if (reason.startsWith("record too large") || reason.startsWith("JSON too deeply nested or too long")) {
            return TOO_LARGE;
        }
        if (reason.equals("invalid UTF-8")) {
            return INVALID_UTF8;
        }
        if (reason.startsWith("malformed JSON")) {
            return MALFORMED_JSON;
        }
        if (reason.equals("not a JSON object")) {
            return NOT_AN_OBJECT;
        }
        if (reason.startsWith("missing required field")) {
            return MISSING_FIELD;
        }
        if (reason.startsWith("parser failure")) {
            return PARSER_FAILURE;
        }
        if (reason.startsWith("field '")) {
            if (reason.contains(" must be a string") || reason.contains(" must be an array")
                    || reason.contains(" must hold ")) {
                return WRONG_TYPE;
            }
            if (reason.endsWith(" is empty")) {
                return EMPTY_FIELD;
            }
            if (reason.contains(" too long") || reason.contains(" entries (limit")) {
                return TOO_LONG;
            }
            if (reason.contains(" is not an ISO-8601 timestamp")) {
                return BAD_TIMESTAMP;
            }
            if (reason.contains(" must be one of")) {
                return BAD_VALUE;
            }
        }
        return OTHER;
    }
}
