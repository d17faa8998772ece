package org.chatguard.pipeline.cli;

import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.chatguard.connectors.Topics;
import org.chatguard.pipeline.JobConfig;
import org.chatguard.pipeline.demo.Demo;
import org.chatguard.pipeline.metrics.Prometheus;

/** The embedded default: real broker + in-process Flink + sample traffic, then a summary. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start an embedded Kafka broker and the ChatGuard job on an in-process Flink, replay the bundled "
                + "sample chat traffic, print what the site and staff would see, and exit.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--messages", defaultValue = "30",
            description = "How many messages to send (the sample is replayed in a loop; default: ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--duration", defaultValue = "PT120S",
            description = "Give up waiting for results after this long, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--metrics-port", defaultValue = "9249",
            description = "Serve Prometheus metrics on this port while the demo runs; 0 picks a free port, -1 turns "
                    + "them off (default: ${DEFAULT-VALUE}; a busy port is replaced by a free one).")
    int metricsPort;

    @Mixin
    JobOptions job;

    @Mixin
    RulePackOption rules;

    @Mixin
    ConfigOption config;

    static int metricsPort(int wanted) throws java.io.IOException {
        if (wanted < 0) {
            return -1;
        }
        if (wanted > 0) {
            try (java.net.ServerSocket s = new java.net.ServerSocket(wanted)) {
                return wanted;
            } catch (java.io.IOException busy) {
                // fall through to a free port
            }
        }
        return Prometheus.freePort();
    }

    @Override
    public Integer call() throws Exception {
        config.apply();
        if (messages < 1) {
            System.err.println("chatguard demo: --messages must be at least 1");
            return 2;
        }
        JobConfig cfg = job.toConfig(Topics.defaults(), rules.sourceAndContent());
        return new Demo(System.out).withMetricsPort(metricsPort(metricsPort)).run(cfg, messages, duration);
    }
}
