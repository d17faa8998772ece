package org.chatguard.rules;

/**
 * A rule pack that cannot be loaded. The message names the source, the line (and column where known),
 * the field and the reason, e.g. {@code my-pack.yaml:14:7: rules[2].severity: must be an integer from 1 to 5}.
 */
public final class RulePackException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;
    private final String field;
    private final String reason;

    public RulePackException(String source, int line, int column, String field, String reason) {
        this(source, line, column, field, reason, null);
    }

    public RulePackException(String source, int line, int column, String field, String reason, Throwable cause) {
        super(format(source, line, column, field, reason), cause);
        this.source = source;
        this.line = line;
        this.column = column;
        this.field = field;
        this.reason = reason;
    }

    private static String format(String source, int line, int column, String field, String reason) {
        StringBuilder sb = new StringBuilder(source == null ? "<rule pack>" : source);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        sb.append(": ");
        if (field != null && !field.isEmpty()) {
            sb.append(field).append(": ");
        }
        return sb.append(reason).toString();
    }

    public String source() {
        return source;
    }

    /** 1-based line, or 0 if unknown. */
    public int line() {
        return line;
    }

    /** 1-based column, or 0 if unknown. */
    public int column() {
        return column;
    }

    /** Path of the offending field, e.g. {@code rules[2].severity}; may be empty. */
    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
