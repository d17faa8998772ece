package org.chatguard.pipeline.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.chatguard.connectors.json.EventJson;
import org.chatguard.connectors.json.MessageParser;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;
import org.chatguard.model.StaffAction;
import org.chatguard.model.StaffAlert;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.decide.Decider;
import org.chatguard.rules.risk.RiskConfig;
import org.chatguard.rules.risk.RiskEngine;

/**
 * Batch moderation over the same engine the job uses: JSONL messages in, one JSONL decision per input
 * line out, in input order. A line that cannot be classified yields {@code {"line":N,"error":"..."}} in
 * its place, so outputs and inputs always line up.
 */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Classify JSONL messages from stdin ({\"id\",\"text\"} at minimum; kind, channel, "
                + "conversationId, senderId, recipientIds, sentAt optional) and write one JSONL decision per line to stdout.")
public final class ClassifyCommand implements Callable<Integer> {

    @Mixin
    RulePackOption rules;

    @Option(names = "--alerts-out", paramLabel = "FILE", description = "Also write staff alerts as JSONL to this file.")
    Path alertsOut;

    @Option(names = "--stateful",
            description = "Score whole conversations: run the job's conversation/user risk stages over the input in file "
                    + "order (decisions may be blocked for their context, alerts are deduplicated and escalated). "
                    + "Lines with \"actionId\" and \"type\" and no \"text\" are staff actions, applied in place.")
    boolean stateful;

    @Option(names = "--max-text-chars", defaultValue = "" + MessageParser.DEFAULT_MAX_TEXT_CHARS,
            description = "Longer texts are reported as errors (default: ${DEFAULT-VALUE}).")
    int maxTextChars;

    @Override
    public Integer call() throws Exception {
        ModerationEngine engine = rules.engine();
        MessageParser parser = new MessageParser(Integer.MAX_VALUE, maxTextChars);
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, decoder), 1 << 16);
             Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
             Writer alerts = alertsOut == null ? Writer.nullWriter() : Files.newBufferedWriter(alertsOut, StandardCharsets.UTF_8)) {
            classify(in, out, alerts, engine, parser, stateful ? new RiskEngine(RiskConfig.defaults()) : null);
        }
        return 0;
    }

    static void classify(BufferedReader in, Writer out, Writer alerts, ModerationEngine engine, MessageParser parser)
            throws IOException {
        classify(in, out, alerts, engine, parser, null);
    }

    /** @param risk the stateful scorer, or {@code null} for per-message decisions */
    static void classify(BufferedReader in, Writer out, Writer alerts, ModerationEngine engine, MessageParser parser,
                         RiskEngine risk) throws IOException {
        String line;
        long n = 0;
        Instant[] clock = {Instant.EPOCH};
        while ((line = in.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            out.write(classifyLine(line, n, engine, parser, alerts, risk, clock));
            out.write('\n');
        }
        if (risk != null) {
            // updates still held back by the rate limit go out as they would have when the interval ended
            writeAlerts(alerts, risk.flushAll(clock[0]));
        }
    }

    static String classifyLine(String line, long lineNo, ModerationEngine engine, MessageParser parser, Writer alerts)
            throws IOException {
        return classifyLine(line, lineNo, engine, parser, alerts, null, new Instant[] {Instant.EPOCH});
    }

    private static void writeAlerts(Writer alerts, List<StaffAlert> list) throws IOException {
        for (StaffAlert a : list) {
            alerts.write(EventJson.toJson(a));
            alerts.write('\n');
        }
    }

    /** @param clock the latest time seen so far (offline, time is the input's own) */
    private static String classifyLine(String line, long lineNo, ModerationEngine engine, MessageParser parser, Writer alerts,
                                       RiskEngine risk, Instant[] clock) throws IOException {
        JsonNode node;
        try {
            node = EventJson.mapper().readTree(line);
        } catch (JsonProcessingException e) {
            return error(lineNo, null, "malformed JSON");
        }
        if (node == null || !node.isObject()) {
            return error(lineNo, null, "not a JSON object");
        }
        ObjectNode obj = (ObjectNode) node;
        if (risk != null && obj.has("actionId") && obj.has("type") && !obj.has("text")) {
            return staffAction(obj, lineNo, alerts, risk, clock);
        }
        // Offline data often has only an id and a text: give the rest neutral defaults.
        if (!obj.hasNonNull("conversationId")) {
            obj.put("conversationId", "classify");
        }
        if (!obj.hasNonNull("senderId")) {
            obj.put("senderId", "unknown");
        }
        if (!obj.hasNonNull("sentAt")) {
            obj.put("sentAt", Instant.now().toString());
        }
        MessageParser.Result r = parser.fromTree(obj, ContentKind.CHAT);
        if (!r.ok()) {
            JsonNode id = obj.get("id");
            return error(lineNo, id != null && id.isTextual() ? id.textValue() : null, r.error());
        }
        if (risk != null) {
            ChatMessage m = r.message();
            if (m.sentAt() != null && m.sentAt().isAfter(clock[0])) {
                clock[0] = m.sentAt();
            }
            RiskEngine.Outcome o = risk.process(m, engine.analyze(m.text()), m.sentAt() == null ? clock[0] : m.sentAt());
            writeAlerts(alerts, o.alerts());
            return EventJson.toJson(o.decision());
        }
        Decider.Outcome o = Decider.decide(r.message(), engine.analyze(r.message().text()), Instant.now());
        if (o.alert() != null) {
            alerts.write(EventJson.toJson(o.alert()));
            alerts.write('\n');
        }
        return EventJson.toJson(o.decision());
    }

    private static String staffAction(ObjectNode obj, long lineNo, Writer alerts, RiskEngine risk, Instant[] clock)
            throws IOException {
        StaffAction a;
        try {
            a = EventJson.staffAction(obj);
        } catch (IOException | IllegalArgumentException e) {
            return error(lineNo, null, "malformed staff action");
        }
        if (a.type() == null) {
            return error(lineNo, null, "staff action: field 'type' is required");
        }
        if (a.at() != null && a.at().isAfter(clock[0])) {
            clock[0] = a.at();
        }
        writeAlerts(alerts, risk.apply(a, a.at() == null ? clock[0] : a.at()));
        ObjectNode done = EventJson.mapper().createObjectNode();
        done.put("line", lineNo);
        done.put("actionId", a.actionId());
        done.put("applied", a.type().name());
        return done.toString();
    }

    private static String error(long lineNo, String id, String reason) {
        ObjectNode e = EventJson.mapper().createObjectNode();
        e.put("line", lineNo);
        if (id != null) {
            e.put("id", id);
        }
        e.put("error", reason);
        return e.toString();
    }
}
