package org.chatguard.load.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import picocli.CommandLine.Option;

import org.chatguard.connectors.Topics;
import org.chatguard.load.bench.Target;

/** Where load goes and where the report is written. */
public final class TargetOptions {

    @Option(names = "--target", defaultValue = "chatguard",
            description = "chatguard | passthrough | echo (embedded broker + that job in this JVM) | external (--bootstrap-servers, job already running). Default: ${DEFAULT-VALUE}.")
    String target;

    @Option(names = "--bootstrap-servers", description = "Kafka on this machine, for --target external (localhost only).")
    String bootstrapServers;

    @Option(names = "--topic-prefix", defaultValue = "", description = "Prefix of ChatGuard's topic names.")
    String topicPrefix;

    @Option(names = "--partitions", defaultValue = "1", description = "Partitions per topic of the embedded broker (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--parallelism", defaultValue = "1", description = "Flink parallelism of the embedded job (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--checkpoint-interval", defaultValue = "5s", description = "Checkpoint interval of the embedded job (default: ${DEFAULT-VALUE}, ChatGuard's default).")
    Duration checkpointInterval;

    @Option(names = "--rule-pack", paramLabel = "FILE", description = "Rule pack for --target chatguard instead of the bundled default.")
    Path rulePack;

    @Option(names = "--buffer-timeout", description = "Flink network buffer timeout of the embedded job, e.g. 5ms (default: the job's own, 10 ms for ChatGuard).")
    Duration bufferTimeout;

    @Option(names = "--metrics-port", defaultValue = "9464", description = "Serve the tool's Prometheus metrics on 127.0.0.1:<port>/metrics; 0 = off (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--report", description = "Report base path; writes <path>.json and <path>.html (default: target/chatguard-load/<command>-<time>).")
    Path report;

    Topics topics() {
        return Topics.withPrefix(topicPrefix);
    }

    Target start() throws Exception {
        return Target.start(Target.Kind.parse(target), bootstrapServers, topics(), partitions, parallelism, checkpointInterval, rulePack, bufferTimeout);
    }

    Path reportBase(String command) {
        if (report != null) {
            return report;
        }
        return Path.of("target", "chatguard-load", command + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }
}
