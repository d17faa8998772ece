package org.chatguard.load.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.chatguard.connectors.json.EventJson;
import org.chatguard.load.bench.Bench;
import org.chatguard.load.report.LoadReport;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Passthrough job vs full ChatGuard job over the same pre-loaded traffic on one embedded broker:",
                "throughput of each (wall time from job start to the last output record, and Flink's net runtime) and their ratio."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--messages", defaultValue = "1000000", description = "Messages to pre-load, at most 20M (default: ${DEFAULT-VALUE}).")
    long messages;

    @Option(names = "--seed", defaultValue = "1", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--harmful-share", defaultValue = "0.05", description = "Share of harmful messages (default: ${DEFAULT-VALUE}).")
    double harmfulShare;

    @Option(names = "--hot-room-share", defaultValue = "0", description = "Share of messages in one busy general room, as in 'generate' (default: ${DEFAULT-VALUE}).")
    double hotRoomShare;

    @Option(names = "--partitions", defaultValue = "1", description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--parallelism", defaultValue = "1", description = "Flink parallelism of both jobs (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--checkpoint-interval", defaultValue = "5s", description = "Checkpoint interval of both jobs (default: ${DEFAULT-VALUE}, ChatGuard's default).")
    Duration checkpointInterval;

    @Option(names = "--jobs", defaultValue = "passthrough,chatguard", split = ",", description = "Jobs to run, in order: passthrough, chatguard, chatguard-no-signals (the job with --no-conversation-signals) (default: ${DEFAULT-VALUE}).")
    List<String> jobs;

    @Option(names = "--rounds", defaultValue = "2", description = "Run the job list this many times, at most 5; the best round per job counts, so round 0 doubles as JIT warm-up (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--timeout", defaultValue = "10m", description = "Per job run (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--rule-pack", paramLabel = "FILE", description = "Rule pack for the ChatGuard job instead of the bundled default.")
    Path rulePack;

    @Option(names = "--buffer-timeout", description = "Flink network buffer timeout of both jobs (default: each job's own; ChatGuard sets 10 ms, the passthrough job has no exchange).")
    Duration bufferTimeout;

    @Option(names = "--state", defaultValue = "rocksdb",
            description = "Keyed state backend of the ChatGuard job: rocksdb (the job's default, as in production) or hashmap (default: ${DEFAULT-VALUE}).")
    String state;

    @Option(names = "--report", description = "JSON report path (default: target/chatguard-load/bench-<time>.json).")
    Path report;

    @Override
    public Integer call() throws Exception {
        if (messages < 1 || messages > 20_000_000 || rounds < 1 || rounds > 5 || timeout.compareTo(Duration.ofHours(1)) > 0) {
            System.err.println("bench: --messages 1..20M, --rounds 1..5, --timeout at most 1h");
            return 2;
        }
        if (!"rocksdb".equals(state) && !"hashmap".equals(state)) {
            System.err.println("bench: --state rocksdb or hashmap, was " + state);
            return 2;
        }
        Instant t0 = Instant.now();
        Map<String, String> machineBefore = LoadReport.machineInfo();
        System.out.printf("bench: %,d messages, %d partition(s), parallelism %d, checkpoints every %s, ChatGuard state %s, jobs %s x %d; machine %s%n",
                messages, partitions, parallelism, checkpointInterval, state, jobs, rounds, machineBefore);
        Bench.Settings settings = new Bench.Settings(messages, seed, harmfulShare, partitions, parallelism, checkpointInterval,
                jobs, rounds, timeout, rulePack, bufferTimeout, state, hotRoomShare);
        List<Bench.JobRun> runs = new Bench(settings, System.out).run();
        Map<String, Object> summary = Bench.summary(runs);
        if (summary.containsKey("ratioWall")) {
            System.out.printf(Locale.ROOT, "ratio ChatGuard/passthrough: %.2f (wall), %.2f (steady), %.2f (Flink net runtime), %.2f (msgs per CPU-s)%n",
                    summary.get("ratioWall"), summary.get("ratioSteady"), summary.get("ratioNetRuntime"), summary.get("ratioCpu"));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("command", "bench");
        doc.put("startedAt", t0.toString());
        doc.put("settings", settings);
        doc.put("machineBefore", machineBefore);
        doc.put("machineAfter", LoadReport.machineInfo());
        doc.put("runs", runs);
        doc.put("summary", summary);
        Path file = report != null ? report : Path.of("target", "chatguard-load",
                "bench-" + java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json");
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.write(file, EventJson.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(doc));
        System.out.println("report: " + file);
        return 0;
    }
}
