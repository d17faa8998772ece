package org.chatguard.rules;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML/JSON document as a tree whose every node remembers its line and column, so that validation
 * errors can point at the offending field. Jackson's own tree model drops locations.
 */
final class SourceTree {

    static final int MAX_DEPTH = 32;

    /** A parsed node: a {@code Map<String, Node>}, {@code List<Node>}, String, Number, Boolean or null value. */
    record Node(Object value, String text, int line, int column) {
        @SuppressWarnings("unchecked")
        Map<String, Node> map() {
            return (Map<String, Node>) value;
        }

        @SuppressWarnings("unchecked")
        List<Node> list() {
            return (List<Node>) value;
        }

        boolean isMap() {
            return value instanceof Map;
        }

        boolean isList() {
            return value instanceof List;
        }
    }

    private static final JsonFactory JSON = new JsonFactory();
    private static final YAMLFactory YAML = new YAMLFactory();

    private SourceTree() {}

    static Node parse(String source, String content) throws RulePackException {
        String trimmed = content.stripLeading();
        JsonFactory factory = trimmed.startsWith("{") || trimmed.startsWith("[") ? JSON : YAML;
        try (JsonParser p = factory.createParser(content)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new RulePackException(source, 1, 1, "", "empty rule pack");
            }
            Node root = read(source, p, t, 0);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                JsonLocation l = p.currentTokenLocation();
                throw new RulePackException(source, l.getLineNr(), l.getColumnNr(), "", "more than one document");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            throw new RulePackException(source, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(), "",
                    "syntax error: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new RulePackException(source, 0, 0, "", "cannot read: " + e.getMessage(), e);
        }
    }

    private static Node read(String source, JsonParser p, JsonToken t, int depth) throws IOException, RulePackException {
        JsonLocation loc = p.currentTokenLocation();
        int line = loc.getLineNr();
        int col = loc.getColumnNr();
        if (depth > MAX_DEPTH) {
            throw new RulePackException(source, line, col, "", "nested deeper than " + MAX_DEPTH);
        }
        switch (t) {
            case START_OBJECT: {
                Map<String, Node> m = new LinkedHashMap<>();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonLocation kl = p.currentTokenLocation();
                    if (m.containsKey(name)) {
                        throw new RulePackException(source, kl.getLineNr(), kl.getColumnNr(), name, "duplicate key");
                    }
                    m.put(name, read(source, p, p.nextToken(), depth + 1));
                }
                return new Node(m, null, line, col);
            }
            case START_ARRAY: {
                List<Node> l = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (e == null) {
                        throw new RulePackException(source, line, col, "", "unterminated list");
                    }
                    l.add(read(source, p, e, depth + 1));
                }
                return new Node(l, null, line, col);
            }
            case VALUE_STRING:
                return new Node(p.getText(), p.getText(), line, col);
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new Node(p.getNumberValue(), p.getText(), line, col);
            case VALUE_TRUE:
                return new Node(Boolean.TRUE, p.getText(), line, col);
            case VALUE_FALSE:
                return new Node(Boolean.FALSE, p.getText(), line, col);
            case VALUE_NULL:
                return new Node(null, p.getText(), line, col);
            default:
                throw new RulePackException(source, line, col, "", "unexpected " + t);
        }
    }
}
