package org.chatguard.rules.decide;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.chatguard.model.Category;
import org.chatguard.model.Decision;
import org.chatguard.model.Support;

/**
 * What a child who asks for help is told: a {@link Support} on the decision of a message with a self-harm
 * or abuse-disclosure concern. The message itself is decided as any other (never blocked for asking for
 * help); support only adds to it. Configured per site in a small YAML file (the bundled default names UK
 * helplines, as the policies do: Childline 0800 1111); outside staffed hours the message says staff are
 * not there right now.
 *
 * <pre>
 * messages:
 *   self_harm: "..."
 *   abuse_disclosure: "..."
 * out-of-hours: "... {hours} ..."      # added to the message outside staffed hours
 * resources:
 *   - {name: Childline, phone: "0800 1111", url: "https://www.childline.org.uk"}
 * </pre>
 */
public final class SupportPolicy implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final String BUNDLED = "/org/chatguard/rules/support-default.yaml";
    /** Disclosure first: when a message carries both, the safeguarding concern answers it. */
    private static final List<Category> ANSWERED = List.of(Category.ABUSE_DISCLOSURE, Category.SELF_HARM);

    private final EnumMap<Category, String> messages;
    private final String outOfHours;
    private final List<Support.Resource> resources;

    private SupportPolicy(EnumMap<Category, String> messages, String outOfHours, List<Support.Resource> resources) {
        this.messages = messages;
        this.outOfHours = outOfHours;
        this.resources = List.copyOf(resources);
    }

    private static volatile SupportPolicy bundled;

    /** The bundled UK default (read once). */
    public static SupportPolicy bundled() {
        SupportPolicy b = bundled;
        if (b == null) {
            b = readBundled();
            bundled = b;
        }
        return b;
    }

    private static SupportPolicy readBundled() {
        try (InputStream in = SupportPolicy.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("bundled support policy missing: " + BUNDLED);
            }
            return parse(in.readAllBytes(), BUNDLED);
        } catch (IOException e) {
            throw new IllegalStateException("bundled support policy unreadable", e);
        }
    }

    public static SupportPolicy load(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    /** Refuses a file that would leave a child without a message or a helpline, naming the field. */
    static SupportPolicy parse(byte[] yaml, String source) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": a support policy is a mapping with messages and resources");
        }
        EnumMap<Category, String> messages = new EnumMap<>(Category.class);
        JsonNode m = root.path("messages");
        for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Category c;
            try {
                c = Category.valueOf(e.getKey().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException x) {
                throw new IllegalArgumentException(source + ": messages." + e.getKey() + ": unknown category");
            }
            if (!ANSWERED.contains(c)) {
                throw new IllegalArgumentException(source + ": messages." + e.getKey() + ": only self_harm and abuse_disclosure get support");
            }
            messages.put(c, text(e.getValue(), source, "messages." + e.getKey()));
        }
        for (Category c : ANSWERED) {
            if (!messages.containsKey(c)) {
                throw new IllegalArgumentException(source + ": messages." + c.name().toLowerCase(Locale.ROOT) + " is required");
            }
        }
        String outOfHours = text(root.path("out-of-hours"), source, "out-of-hours");
        List<Support.Resource> resources = new ArrayList<>();
        JsonNode r = root.path("resources");
        if (!r.isArray() || r.isEmpty()) {
            throw new IllegalArgumentException(source + ": resources: at least one helpline is required");
        }
        for (int i = 0; i < r.size(); i++) {
            JsonNode x = r.get(i);
            String name = text(x.path("name"), source, "resources[" + i + "].name");
            String phone = x.hasNonNull("phone") ? x.get("phone").asText() : null;
            String url = x.hasNonNull("url") ? x.get("url").asText() : null;
            if (phone == null && url == null) {
                throw new IllegalArgumentException(source + ": resources[" + i + "]: needs a phone or a url");
            }
            if (url != null && !url.startsWith("https://")) {
                throw new IllegalArgumentException(source + ": resources[" + i + "].url: must start with https://");
            }
            resources.add(new Support.Resource(name, phone, url));
        }
        return new SupportPolicy(messages, outOfHours, resources);
    }

    private static String text(JsonNode n, String source, String field) {
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new IllegalArgumentException(source + ": " + field + " must be a non-empty string");
        }
        return n.asText().strip();
    }

    /** The support for a message with these categories sent at {@code sentAt}, or {@code null} if it asked for none. */
    public Support supportFor(List<Category> categories, Instant sentAt, StaffedHours hours) {
        for (Category c : ANSWERED) {
            if (categories.contains(c)) {
                String msg = messages.get(c);
                if (sentAt != null && !hours.staffed(sentAt)) {
                    msg = msg + " " + outOfHours.replace("{hours}", hours.describe());
                }
                return new Support(c.name(), msg, resources);
            }
        }
        return null;
    }

    /** {@code d} with its support, if its message asked for help. */
    public static Decision attach(Decision d, Staffing staffing) {
        Support s = staffing.support().supportFor(d.categories(), d.sentAt(), staffing.hours());
        return s == null ? d : d.withSupport(s);
    }
}
