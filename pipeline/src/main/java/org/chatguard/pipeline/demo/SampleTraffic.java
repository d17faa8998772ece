package org.chatguard.pipeline.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.chatguard.connectors.json.EventJson;
import org.chatguard.model.ContentKind;

/** The bundled sample of chat traffic the demo replays: all three content kinds, good and bad. */
public final class SampleTraffic {

    public static final String RESOURCE = "/org/chatguard/pipeline/demo/sample-traffic.jsonl";

    /** One message ready to send: the kind picks the topic, the JSON is the record value. */
    public record Sample(String id, ContentKind kind, String conversationId, byte[] json) {
    }

    private final List<ObjectNode> templates;

    private SampleTraffic(List<ObjectNode> templates) {
        this.templates = templates;
    }

    public static SampleTraffic bundled() {
        try (InputStream in = SampleTraffic.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            List<ObjectNode> rows = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank()) {
                    rows.add((ObjectNode) EventJson.mapper().readTree(line));
                }
            }
            return new SampleTraffic(rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int size() {
        return templates.size();
    }

    /**
     * The first {@code n} messages of the sample played in a loop; repeats get fresh ids and their own
     * conversations so that each round reads like new traffic.
     */
    public List<Sample> take(int n, Instant start) {
        List<Sample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ObjectNode t = templates.get(i % templates.size()).deepCopy();
            int round = i / templates.size();
            if (round > 0) {
                t.put("id", t.get("id").asText() + "-r" + round);
                t.put("conversationId", t.get("conversationId").asText() + "-r" + round);
            }
            t.put("sentAt", start.plusMillis(i).toString());
            ContentKind kind = ContentKind.valueOf(t.get("kind").asText());
            out.add(new Sample(t.get("id").asText(), kind, t.get("conversationId").asText(), EventJson.toBytes(t)));
        }
        return out;
    }
}
