package org.chatguard.pipeline.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.chatguard.connectors.json.EventJson;
import org.chatguard.rules.eval.ShadowReport;

/** {@code chatguard shadow-report}: what a shadow run's candidate would change, from the shadow-diffs topic. */
@Command(name = "shadow-report", mixinStandardHelpOptions = true,
        description = "Summarise a shadow run from the shadow-diffs topic (or shadow-diff JSONL on stdin without "
                + "--bootstrap-servers): messages decided differently, action changes, categories and rules gained and "
                + "lost by the candidate, with example message ids.")
public final class ShadowReportCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--since", paramLabel = "INSTANT", description = "Only diffs recorded at or after this time (ISO-8601).")
    Instant since;

    @Option(names = "--until", paramLabel = "INSTANT", description = "Only diffs recorded before this time (ISO-8601).")
    Instant until;

    @Option(names = "--examples", defaultValue = "3", description = "Example message ids per rule (default: ${DEFAULT-VALUE}).")
    int examples;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (examples < 0) {
            System.err.println("chatguard shadow-report: --examples must be >= 0");
            return 2;
        }
        ShadowReport report = new ShadowReport(examples);
        long[] bad = {0};
        if (kafka.bootstrapServers == null) {
            BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank()) {
                    accept(report, line.getBytes(StandardCharsets.UTF_8), bad);
                }
            }
        } else {
            TopicRange.read(kafka.settings(kafka.bootstrapServers).clientProps(), kafka.topics().shadowDiffs(), since, until,
                    1 << 20, rec -> accept(report, rec.value(), bad));
        }
        if (json) {
            var o = report.json(EventJson.mapper());
            o.put("unreadable", bad[0]);
            System.out.println(EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(o));
        } else {
            report.print(System.out);
            if (bad[0] > 0) {
                System.out.printf("(%d unreadable record(s) skipped)%n", bad[0]);
            }
        }
        return 0;
    }

    private static void accept(ShadowReport report, byte[] value, long[] bad) {
        try {
            report.accept(EventJson.shadowDiff(value));
        } catch (Exception e) {
            bad[0]++;
        }
    }
}
