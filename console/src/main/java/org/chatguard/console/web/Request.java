package org.chatguard.console.web;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpExchange;

import org.chatguard.connectors.json.EventJson;
import org.chatguard.console.ConsoleService.Subject;
import org.chatguard.console.auth.Sessions;

/**
 * One parsed request: query and form (or JSON object) fields, and, once the {@link AuthFilter} has
 * passed it, who is asking. Path segments are decoded; for {@code /api/...} the {@code api} prefix is dropped.
 */
record Request(HttpExchange ex, String method, String path, List<String> parts, Map<String, String> query,
        Map<String, String> form, Sessions.Session session, Subject subject, boolean api, boolean bearer) {

    private static final String ATTRIBUTE = "chatguard.request";

    /** A body or query that cannot be read: answered 400 without echoing any of it. */
    static final class Malformed extends Exception {
        Malformed(String what) {
            super(what, null, false, false);
        }
    }

    String param(String k) {
        String v = form.get(k);
        return v != null ? v : query.get(k);
    }

    boolean get() {
        return method.equals("GET");
    }

    String part(int i) {
        return i < parts.size() ? parts.get(i) : "";
    }

    Request as(Sessions.Session s, Subject who, boolean viaBearer) {
        return new Request(ex, method, path, parts, query, form, s, who, api, viaBearer);
    }

    void attach() {
        ex.setAttribute(ATTRIBUTE, this);
    }

    static Request of(HttpExchange ex) {
        return (Request) ex.getAttribute(ATTRIBUTE);
    }

    /** Reads query and body (form or JSON object; at most {@link Http#MAX_BODY} bytes). */
    static Request read(HttpExchange ex) throws IOException, Malformed {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        Map<String, String> query;
        try {
            query = Http.parseForm(ex.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) {
            throw new Malformed("malformed query string");
        }
        Map<String, String> form = Map.of();
        if (method.equals("POST")) {
            byte[] body = Http.readBody(ex.getRequestBody());
            String ct = Optional.ofNullable(ex.getRequestHeaders().getFirst("Content-Type")).orElse("");
            if (ct.startsWith("application/json") && body.length > 0) {
                form = jsonFields(body);
            } else {
                try {
                    form = Http.parseForm(new String(body, StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    // URLDecoder's message quotes the body
                    throw new Malformed("malformed form body");
                }
            }
        }
        boolean api = path.startsWith("/api/");
        List<String> parts = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                try {
                    parts.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw new Malformed("malformed path");
                }
            }
        }
        if (api && !parts.isEmpty()) {
            parts.remove(0);
        }
        return new Request(ex, method, path, List.copyOf(parts), query, form, null, null, api, false);
    }

    private static Map<String, String> jsonFields(byte[] body) throws Malformed {
        Map<String, Object> m;
        try {
            m = EventJson.mapper().readValue(body, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            // the parser's message quotes the body: answer without it, log nothing of it
            throw new Malformed("the body is not a JSON object");
        } catch (IOException e) {
            throw new Malformed("unreadable body");
        }
        Map<String, String> f = new HashMap<>();
        if (m != null) {
            m.forEach((k, v) -> f.put(k, v == null ? null : v.toString()));
        }
        return f;
    }
}
