package org.chatguard.console.web;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A minimal HTTP client acting as one staff member's browser: cookies by hand (Secure cookies on http://localhost). */
final class StaffClient {

    private static final Pattern CSRF = Pattern.compile("name=csrf value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    String csrf;
    String bearer;

    StaffClient(int port) {
        this.base = "http://localhost:" + port;
    }

    HttpResponse<String> login(String user, String password) throws IOException, InterruptedException {
        HttpResponse<String> page = get("/login");
        String token = token(page.body());
        HttpResponse<String> r = post("/login", Map.of("username", user, "password", password, "csrf", token));
        if (r.statusCode() == 303) {
            HttpResponse<String> home = get(r.headers().firstValue("Location").orElseThrow());
            if (home.statusCode() == 303) {
                home = get(home.headers().firstValue("Location").orElseThrow());
            }
            csrf = token(home.body());
        }
        return r;
    }

    static String token(String html) {
        Matcher m = CSRF.matcher(html);
        return m.find() ? m.group(1) : null;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A form POST carrying this session's CSRF token. */
    HttpResponse<String> act(String path, Map<String, String> form) throws IOException, InterruptedException {
        Map<String, String> f = new LinkedHashMap<>(form);
        f.put("csrf", csrf);
        return post(path, f);
    }

    HttpResponse<String> postJson(String path, String json, boolean withCsrf) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (withCsrf && csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        return send(b);
    }

    HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        if (!cookies.isEmpty()) {
            b.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        for (String c : r.headers().allValues("Set-Cookie")) {
            String kv = c.split(";", 2)[0];
            int i = kv.indexOf('=');
            String v = kv.substring(i + 1);
            if (v.isEmpty()) {
                cookies.remove(kv.substring(0, i));
            } else {
                cookies.put(kv.substring(0, i), v);
            }
        }
        return r;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
