package org.chatguard.pipeline.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.chatguard.connectors.json.EventJson;
import org.chatguard.connectors.kafka.KafkaSettings;
import org.chatguard.connectors.json.MessageParser;
import org.chatguard.model.ContentKind;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.RulePackException;
import org.chatguard.rules.RulePackLoader;
import org.chatguard.rules.eval.Backtest;
import org.chatguard.rules.risk.RiskConfig;

/**
 * Replays history through the live pack and a candidate in one pass and prints what would change: JSONL
 * on stdin (messages in the event schema, or labelled lines {@code {"id","text","flag"}}), or a range of a
 * Kafka topic by record timestamp. Lines that cannot be parsed are counted per reason, as the job would
 * dead-letter them; no message text is printed.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = "Run the live rule pack and a candidate over the same history and print the difference "
                + "(counts per action and category, rules gained and lost with example ids, P/R/F1 with --gold).")
public final class BacktestCommand implements Callable<Integer> {

    @Option(names = "--pack", required = true, paramLabel = "CANDIDATE.yaml", description = "The candidate rule pack.")
    Path candidatePack;

    @Option(names = "--live", paramLabel = "LIVE.yaml", description = "The live pack (default: the bundled default pack).")
    Path livePack;

    @Option(names = "--gold", paramLabel = "FILE.jsonl",
            description = "Labelled JSONL ({\"id\",\"text\",\"flag\"}) read instead of stdin; adds P/R/F1 for both packs.")
    Path gold;

    @Option(names = "--stateful", description = "Decide through the job's conversation and user risk stages (each pack "
            + "with its own state), in input order.")
    boolean stateful;

    @Option(names = "--examples", defaultValue = "5", description = "Example message ids per changed rule (default: ${DEFAULT-VALUE}).")
    int examples;

    @Option(names = "--top", defaultValue = "20", description = "Rules listed per direction (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Read the history from Kafka instead of stdin.")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = "chat-messages",
            description = "With --bootstrap-servers: the topic to replay (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "Kafka consumer property (e.g. security.protocol=SASL_SSL); ${env:NAME} and ${file:PATH} values are resolved.")
    Map<String, String> kafkaProperties = new java.util.LinkedHashMap<>();

    @Option(names = "--since", paramLabel = "INSTANT", description = "First record timestamp read from Kafka (ISO-8601; default: the beginning).")
    Instant since;

    @Option(names = "--until", paramLabel = "INSTANT", description = "Records with this timestamp or later are skipped (default: none; reading stops at the end offsets seen when the run starts).")
    Instant until;

    @Option(names = "--max-record-bytes", defaultValue = "" + MessageParser.DEFAULT_MAX_RECORD_BYTES,
            description = "Longer records or lines are errors, as in the job (default: ${DEFAULT-VALUE}).")
    int maxRecordBytes;

    /** Lines (or records) that could not be used, per reason. */
    final Map<String, Long> errors = new TreeMap<>();

    @Override
    public Integer call() throws Exception {
        return run(System.in, System.out);
    }

    int run(InputStream stdin, PrintStream out) throws Exception {
        ModerationEngine live;
        ModerationEngine candidate;
        try {
            // pack against pack: the rules alone on both sides, so the diff is the packs' (the model is the same on both)
            live = ModerationEngine.of(livePack == null ? RulePackLoader.defaultPack() : RulePackLoader.load(livePack));
            candidate = ModerationEngine.of(RulePackLoader.load(candidatePack));
        } catch (RulePackException e) {
            System.err.println("chatguard backtest: " + e.getMessage());
            return 2;
        }
        Backtest bt = new Backtest(live, candidate, stateful ? RiskConfig.defaults() : null, examples);
        MessageParser parser = new MessageParser(maxRecordBytes, MessageParser.DEFAULT_MAX_TEXT_CHARS);
        if (bootstrapServers != null) {
            if (gold != null) {
                System.err.println("chatguard backtest: --gold reads a file; it cannot be combined with --bootstrap-servers");
                return 2;
            }
            readKafka(bt, parser);
        } else if (gold != null) {
            try (InputStream in = Files.newInputStream(gold)) {
                readLines(in, bt, parser);
            }
        } else {
            readLines(stdin, bt, parser);
        }
        print(bt, out);
        return 0;
    }

    void print(Backtest bt, PrintStream out) {
        if (json) {
            ObjectNode r = bt.report();
            ObjectNode e = r.putObject("errors");
            errors.forEach(e::put);
            out.println(r.toPrettyString());
            return;
        }
        out.print(bt.table(top));
        if (!errors.isEmpty()) {
            out.println("not used (reason: count): " + errors);
        }
    }

    /** JSONL, one record per line; a line longer than the record limit is skipped whole and counted. */
    void readLines(InputStream in, Backtest bt, MessageParser parser) throws IOException {
        BoundedLineReader lines = new BoundedLineReader(in, maxRecordBytes);
        long n = 0;
        while (lines.next()) {
            n++;
            if (lines.tooLong()) {
                errors.merge("record too large", 1L, Long::sum);
                continue;
            }
            if (lines.fullLength() == 0) {
                continue;
            }
            accept(lines.bytes(), n, bt, parser);
        }
    }

    /** One record: strict UTF-8 and JSON, offline defaults for the ids a labelled line lacks, then both packs. */
    void accept(byte[] bytes, long n, Backtest bt, MessageParser parser) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            errors.merge("invalid UTF-8", 1L, Long::sum);
            return;
        }
        JsonNode node;
        try {
            node = EventJson.mapper().readTree(text);
        } catch (IOException e) {
            errors.merge("malformed JSON", 1L, Long::sum);
            return;
        }
        if (node == null || !node.isObject()) {
            errors.merge("not a JSON object", 1L, Long::sum);
            return;
        }
        ObjectNode obj = (ObjectNode) node;
        if (!obj.hasNonNull("conversationId")) {
            obj.put("conversationId", "backtest");
        }
        if (!obj.hasNonNull("senderId")) {
            obj.put("senderId", "unknown");
        }
        if (!obj.hasNonNull("sentAt")) {
            // labelled sets carry no time: one second per line keeps stateful runs reproducible
            obj.put("sentAt", Instant.EPOCH.plusSeconds(n).toString());
        }
        MessageParser.Result r = parser.fromTree(obj, ContentKind.CHAT);
        if (!r.ok()) {
            errors.merge(r.error(), 1L, Long::sum);
            return;
        }
        JsonNode flag = obj.get("flag");
        bt.accept(r.message(), flag != null && flag.isBoolean() ? flag.booleanValue() : null);
    }

    /** Every partition of the topic from {@code --since} to the end offsets (or {@code --until}) seen at the start. */
    void readKafka(Backtest bt, MessageParser parser) {
        String t = topic;
        Map<String, String> resolved = new java.util.LinkedHashMap<>();
        kafkaProperties.forEach((k, v) -> resolved.put(k, SecretValues.resolve(v)));
        Properties p = new KafkaSettings(bootstrapServers, "chatguard-backtest", resolved).clientProps();
        long[] n = {0};
        TopicRange.read(p, t, since, until, maxRecordBytes, rec -> {
            n[0]++;
            if (rec.value() == null) {
                errors.merge("empty record", 1L, Long::sum);
            } else if (rec.value().length > maxRecordBytes) {
                errors.merge("record too large", 1L, Long::sum);
            } else {
                accept(rec.value(), n[0], bt, parser);
            }
        });
    }
}
