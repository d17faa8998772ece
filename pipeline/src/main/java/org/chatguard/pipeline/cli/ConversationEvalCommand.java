package org.chatguard.pipeline.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.chatguard.connectors.json.EventJson;
import org.chatguard.connectors.json.MessageParser;
import org.chatguard.model.StaffAlert;
import org.chatguard.model.Tier;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.RulePackLoader;
import org.chatguard.rules.decide.StaffedHours;
import org.chatguard.rules.decide.Staffing;
import org.chatguard.rules.eval.ConversationEval;
import org.chatguard.rules.eval.ConversationEval.Msg;
import org.chatguard.rules.eval.ConversationEval.Raised;
import org.chatguard.rules.lang.LanguageRouter;
import org.chatguard.rules.ml.ConversationModel;
import org.chatguard.rules.risk.ConversationSignals;
import org.chatguard.rules.risk.RiskConfig;
import org.chatguard.rules.risk.RiskEngine;

/**
 * {@code chatguard eval --conversations PATH ...}: the early-warning measure over labelled whole conversations.
 * Each messages file is run through exactly what {@code classify --stateful} runs ({@link ClassifyCommand#classify},
 * {@link ClassifyCommand#statefulEngine}: rules + model, split words, trust, conversation and user risk), one fresh
 * scorer per file; the alerts it raises are scored by {@link ConversationEval} against the file's
 * {@code .labels.jsonl}.
 *
 * <p>Two things differ from a plain {@code classify --stateful} run, both so that what is measured is detection:
 * acknowledgement deadlines never fire (an alert nobody acknowledged is escalated a tier by the clock, which says
 * nothing about the conversation), and an alert belongs to the message it was raised on, found from its update
 * time (offline, time is the input's own: an alert raised on a message carries that message's {@code sentAt}).
 */
final class ConversationEvalCommand {

    static final String USAGE = "eval --conversations PATH [--conversations PATH ...] [--pack FILE] [--signals default|none|NAME,NAME] [--conversation-model FILE.cgcm] [--grace N] [--details] [--json]\n"
            + "  PATH: a messages file (X.jsonl beside X.labels.jsonl) or a folder of them (searched recursively)";

    private ConversationEvalCommand() {
    }

    static int run(List<String> args, PrintStream out) {
        List<Path> paths = new ArrayList<>();
        Path pack = null;
        int grace = 0;
        boolean details = false;
        boolean json = false;
        String signalsOpt = "default";
        Path convModel = null;
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--conversations" -> paths.add(Path.of(value(args, ++i, a)));
                    case "--pack" -> pack = Path.of(value(args, ++i, a));
                    case "--grace" -> grace = Integer.parseInt(value(args, ++i, a));
                    case "--details" -> details = true;
                    case "--json" -> json = true;
                    case "--signals" -> {
                        signalsOpt = value(args, ++i, a);
                        ConversationSignals.named(signalsOpt); // fails here on an unknown name
                    }
                    case "--conversation-model" -> convModel = Path.of(value(args, ++i, a));
                    default -> throw new IllegalArgumentException("unknown option " + a + " with --conversations");
                }
            }
            if (grace < 0) {
                throw new IllegalArgumentException("--grace must be >= 0");
            }
        } catch (IllegalArgumentException e) {
            out.println("eval: " + e.getMessage());
            out.println(USAGE);
            return 2;
        }
        try {
            List<Path> files = messageFiles(paths);
            if (files.isEmpty()) {
                out.println("eval: no conversation files (X.jsonl with X.labels.jsonl) under " + paths);
                return 2;
            }
            LanguageRouter engine = LanguageRouter.withEnglish(
                    pack == null ? ModerationEngine.defaultEngine() : ModerationEngine.withDefaultModel(RulePackLoader.load(pack)));
            ConversationSignals signals = ConversationSignals.named(signalsOpt);
            if (convModel != null) {
                signals = signals.withModel(ConversationModel.read(convModel));
            }
            List<ConversationEval.Result> results = new ArrayList<>();
            for (Path f : files) {
                results.addAll(evaluate(f, labelsOf(f), engine, signals, grace));
            }
            if (json) {
                out.println(EventJson.mapper().writerWithDefaultPrettyPrinter()
                        .writeValueAsString(ConversationEval.json(results, details)));
            } else {
                out.print(ConversationEval.report(results, details));
            }
            return 0;
        } catch (Exception e) {
            // a corpus error names the file and line; never a message's text
            out.println("eval: " + e.getMessage());
            return 1;
        }
    }

    /** Scores one messages file against its labels, with a fresh scorer. */
    static List<ConversationEval.Result> evaluate(Path messagesFile, Path labelsFile, LanguageRouter engine,
                                                  ConversationSignals signals, int grace) throws Exception {
        List<Msg> messages = ConversationEval.readMessages(messagesFile);
        List<Raised> raised = raise(Files.readAllBytes(messagesFile), messages, engine, signals, messagesFile.toString());
        return ConversationEval.score(ConversationEval.readLabels(labelsFile), messages, raised, grace);
    }

    /**
     * Runs the input through {@code classify --stateful} and returns each alert update at the message it was raised
     * on. A line classify refuses is a corpus error.
     */
    static List<Raised> raise(byte[] input, List<Msg> messages, LanguageRouter engine, ConversationSignals signals,
                              String name) throws Exception {
        Staffing staffing = noClock();
        RiskEngine risk = ClassifyCommand.statefulEngine(engine, RiskConfig.defaults(), staffing, 20).withSignals(signals);
        StringWriter out = new StringWriter();
        StringWriter alerts = new StringWriter();
        try (InputStream in = new ByteArrayInputStream(input)) {
            ClassifyCommand.classify(in, out, alerts, engine, new MessageParser(), risk, staffing);
        }
        for (String line : out.toString().split("\n")) {
            if (line.startsWith("{\"line\"")) {
                JsonNode e = EventJson.mapper().readTree(line);
                throw new IllegalArgumentException(name + " line " + e.path("line").asLong() + ": " + e.path("error").asText());
            }
        }
        Map<String, List<Msg>> byConv = new HashMap<>();
        for (Msg m : messages) {
            byConv.computeIfAbsent(m.conversationId(), k -> new ArrayList<>()).add(m);
        }
        List<Raised> raised = new ArrayList<>();
        for (String line : alerts.toString().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            StaffAlert a = EventJson.alert(line.getBytes(StandardCharsets.UTF_8));
            List<Msg> conv = byConv.get(a.conversationId());
            if (conv != null) {
                raised.add(new Raised(a.conversationId(), a.tier(), a.category(), ConversationEval.messageAt(conv, a.updatedAt())));
            }
        }
        return raised;
    }

    /** Staffed all day, deadlines that never come: no alert changes tier for want of an acknowledgement. */
    static Staffing noClock() {
        Staffing s = Staffing.defaults().withHours(StaffedHours.parse("00:00-24:00", "UTC"));
        for (Tier t : Tier.values()) {
            s = s.withAck(t, Duration.ofDays(3650));
        }
        return s;
    }

    static List<Path> messageFiles(List<Path> paths) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).filter(ConversationEvalCommand::isMessagesFile).sorted().forEach(out::add);
                }
            } else if (Files.isRegularFile(p) && isMessagesFile(p)) {
                out.add(p);
            } else {
                throw new IllegalArgumentException("not a messages file or folder: " + p);
            }
        }
        for (Path f : out) {
            if (!Files.isRegularFile(labelsOf(f))) {
                throw new IllegalArgumentException(f + ": no labels file " + labelsOf(f).getFileName() + " beside it");
            }
        }
        return out;
    }

    private static boolean isMessagesFile(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".jsonl") && !n.endsWith(".labels.jsonl");
    }

    static Path labelsOf(Path messages) {
        String n = messages.getFileName().toString();
        return messages.resolveSibling(n.substring(0, n.length() - ".jsonl".length()) + ".labels.jsonl");
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }
}
