package org.chatguard.pipeline.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.chatguard.connectors.json.EventJson;
import org.chatguard.connectors.json.MessageParser;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;
import org.chatguard.model.StaffAction;
import org.chatguard.model.StaffAlert;
import org.chatguard.pipeline.metrics.DeadLetterReason;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.Verdict;
import org.chatguard.rules.decide.Decider;
import org.chatguard.rules.decide.Staffing;
import org.chatguard.rules.lang.LanguageRouter;
import org.chatguard.rules.risk.ConversationSignals;
import org.chatguard.rules.risk.RiskConfig;
import org.chatguard.rules.risk.RiskEngine;
import org.chatguard.rules.risk.SplitWords;
import org.chatguard.rules.risk.TrustConfig;

/**
 * Batch moderation over the same engine the job uses: JSONL messages in, one JSONL decision per input
 * line out, in input order. A line that cannot be classified yields {@code {"line":N,"error":"..."}} in
 * its place, so outputs and inputs always line up. Bad lines are refused as the job dead-letters bad records,
 * with the same reasons; a message the engine fails on is held for staff, as in the job.
 */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Classify JSONL messages from stdin ({\"id\",\"text\",\"sentAt\"} at minimum; kind, channel, "
                + "conversationId, senderId, recipientIds optional) and write one JSONL decision per line to stdout.")
public final class ClassifyCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ClassifyCommand.class);

    @Mixin
    RulePackOption rules;

    @Option(names = "--alerts-out", paramLabel = "FILE", description = "Also write staff alerts as JSONL to this file.")
    Path alertsOut;

    @Option(names = "--stateful",
            description = "Score whole conversations: run the job's conversation/user risk stages over the input in file "
                    + "order (decisions may be blocked for their context, alerts are deduplicated and escalated). "
                    + "Lines with \"actionId\" and \"type\" and no \"text\" are staff actions, applied in place. "
                    + "Words split across a sender's consecutive short messages (\"f\", \"u\", \"c\", \"k\") are matched as the job matches them.")
    boolean stateful;

    @Option(names = "--max-text-chars", defaultValue = "" + MessageParser.DEFAULT_MAX_TEXT_CHARS,
            description = "Longer texts are reported as errors (default: ${DEFAULT-VALUE}).")
    int maxTextChars;

    @Option(names = "--max-record-bytes", defaultValue = "" + MessageParser.DEFAULT_MAX_RECORD_BYTES,
            description = "Longer lines are reported as errors, as the job dead-letters longer records (default: ${DEFAULT-VALUE}).")
    int maxRecordBytes;

    @Option(names = "--mute-duration", defaultValue = "PT24H",
            description = "With --stateful: how long a staff mute lasts when the action names no end (default: ${DEFAULT-VALUE}).")
    Duration muteDuration;

    @Mixin
    StaffingOptions staffing = new StaffingOptions();

    @Mixin
    PileOnOptions pileOn = new PileOnOptions();

    @Mixin
    ModelPolicyOption modelPolicy = new ModelPolicyOption();

    @Option(names = "--new-account-messages", defaultValue = "20",
            description = "With --stateful: a user's first N messages are held to stricter personal-information and "
                    + "off-platform rules, as in the job; 0 turns it off (default: ${DEFAULT-VALUE}).")
    int newAccountMessages;

    @Override
    public Integer call() throws Exception {
        LanguageRouter engine = engine();
        Staffing site = staffing.staffing();
        MessageParser parser = new MessageParser(maxRecordBytes, maxTextChars);
        try (InputStream in = System.in;
             Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
             Writer alerts = alertsOut == null ? Writer.nullWriter() : Files.newBufferedWriter(alertsOut, StandardCharsets.UTF_8)) {
            classify(in, out, alerts, engine, parser,
                    stateful ? statefulEngine(engine, RiskConfig.defaults().withMuteDuration(muteDuration), site,
                            newAccountMessages).withPileOn(pileOn.config()) : null, site);
        }
        return 0;
    }

    /** The job's engine as these options build it: the pack, the bundled model under {@code --model-policy}, Spanish beside. */
    LanguageRouter engine() throws IOException, org.chatguard.rules.RulePackException {
        return LanguageRouter.withEnglish(rules.engine(modelPolicy.policy()));
    }

    /**
     * The stateful scorer of {@code --stateful}, as the job's stages after {@code moderate}: split words read by
     * {@code engine}, trust with the given new-account window, and the conversation-level signals
     * ({@link ConversationSignals#defaults()}, as the job's conversation stage runs them; {@code BatchAndStreamAgreeTest}).
     * {@code eval --conversations} scores with this too.
     */
    static RiskEngine statefulEngine(LanguageRouter engine, RiskConfig cfg, Staffing site, int newAccountMessages) {
        return new RiskEngine(cfg, site)
                .withSplitWords(engine::analyze, SplitWords.Config.defaults())
                .withTrust(TrustConfig.defaults().withNewAccountMessages(newAccountMessages))
                .withSignals(ConversationSignals.defaults());
    }

    static void classify(InputStream in, Writer out, Writer alerts, ModerationEngine engine, MessageParser parser)
            throws IOException {
        classify(in, out, alerts, engine, parser, null, Staffing.defaults());
    }

    static void classify(InputStream in, Writer out, Writer alerts, ModerationEngine engine, MessageParser parser,
                         RiskEngine risk) throws IOException {
        classify(in, out, alerts, engine, parser, risk, Staffing.defaults());
    }

    /**
     * Lines are read and refused exactly as the job reads and dead-letters records (size bound, strict UTF-8,
     * required fields): an error line carries the job's dead-letter reason and the run goes on. Time is the
     * input's own ({@code sentAt}, staff actions' {@code at}), never the clock, so runs are reproducible.
     *
     * @param risk     the stateful scorer, or {@code null} for per-message decisions
     * @param staffing the site's staffed hours and support (the stateful scorer has its own, the same)
     */
    static void classify(InputStream in, Writer out, Writer alerts, ModerationEngine engine, MessageParser parser,
                         RiskEngine risk, Staffing staffing) throws IOException {
        classify(in, out, alerts, LanguageRouter.withEnglish(engine), parser, risk, staffing);
    }

    static void classify(InputStream in, Writer out, Writer alerts, LanguageRouter engine, MessageParser parser,
                         RiskEngine risk) throws IOException {
        classify(in, out, alerts, engine, parser, risk, Staffing.defaults());
    }

    /** As the job reads messages: {@code engine}'s English pack on every message, its Spanish pack on Spanish or mixed ones. */
    static void classify(InputStream in, Writer out, Writer alerts, LanguageRouter engine, MessageParser parser,
                         RiskEngine risk, Staffing staffing) throws IOException {
        BoundedLineReader lines = new BoundedLineReader(in, parser.maxRecordBytes());
        long n = 0;
        Instant[] clock = {Instant.EPOCH};
        while (lines.next()) {
            n++;
            if (lines.blank()) {
                continue;
            }
            String result = lines.tooLong() ? error(n, null, parser.tooLarge(lines.fullLength()))
                    : classifyLine(lines.bytes(), n, engine, parser, alerts, risk, staffing, clock);
            out.write(result);
            out.write('\n');
        }
        if (risk != null) {
            // updates still held back by the rate limit go out as they would have when the interval ended
            writeAlerts(alerts, risk.flushAll(clock[0]));
        }
    }

    private static void writeAlerts(Writer alerts, List<StaffAlert> list) throws IOException {
        for (StaffAlert a : list) {
            alerts.write(EventJson.toJson(a));
            alerts.write('\n');
        }
    }

    /** @param clock the latest time seen so far (offline, time is the input's own) */
    private static String classifyLine(byte[] line, long lineNo, LanguageRouter engine, MessageParser parser, Writer alerts,
                                       RiskEngine risk, Staffing staffing, Instant[] clock) throws IOException {
        MessageParser.Tree tree = parser.readObject(line);
        if (!tree.ok()) {
            return error(lineNo, null, tree.error());
        }
        ObjectNode obj = tree.root();
        if (risk != null && obj.has("actionId") && obj.has("type") && !obj.has("text")) {
            return staffAction(obj, lineNo, alerts, risk, clock);
        }
        // Offline data often has no conversation or sender: give them neutral defaults. Time has none: a
        // message without sentAt is refused as the job refuses it.
        if (!obj.hasNonNull("conversationId")) {
            obj.put("conversationId", "classify");
        }
        if (!obj.hasNonNull("senderId")) {
            obj.put("senderId", "unknown");
        }
        MessageParser.Result r = parser.fromTree(obj, ContentKind.CHAT);
        if (!r.ok()) {
            JsonNode id = obj.get("id");
            return error(lineNo, id != null && id.isTextual() ? id.textValue() : null, r.error());
        }
        ChatMessage m = r.message();
        Verdict v = engine.analyze(m.text(), e ->
                // as the job logs it: where and what kind of fault, never the text
                LOG.error("rules engine failed on line {}, message {} ({}); held for staff", lineNo, m.id(), e.getClass().getName()));
        if (risk != null) {
            if (m.sentAt().isAfter(clock[0])) {
                clock[0] = m.sentAt();
            }
            RiskEngine.Outcome o = risk.process(m, v, m.sentAt());
            writeAlerts(alerts, o.alerts());
            return EventJson.toJson(o.decision());
        }
        Decider.Outcome o = Decider.decide(m, v, m.sentAt(), staffing);
        if (o.alert() != null) {
            writeAlerts(alerts, List.of(o.alert()));
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

    /** {@code error}: the job's dead-letter reason; {@code reason}: its metric bucket. */
    private static String error(long lineNo, String id, String reason) {
        ObjectNode e = EventJson.mapper().createObjectNode();
        e.put("line", lineNo);
        if (id != null) {
            e.put("id", id);
        }
        e.put("error", reason);
        e.put("reason", DeadLetterReason.of(reason).label());
        return e.toString();
    }
}
