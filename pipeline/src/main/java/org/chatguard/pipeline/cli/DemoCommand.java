package org.chatguard.pipeline.cli;

import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.chatguard.connectors.Topics;
import org.chatguard.pipeline.JobConfig;
import org.chatguard.pipeline.demo.Demo;

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

    @Mixin
    JobOptions job;

    @Mixin
    RulePackOption rules;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        config.apply();
        if (messages < 1) {
            System.err.println("chatguard demo: --messages must be at least 1");
            return 2;
        }
        JobConfig cfg = job.toConfig(Topics.defaults(), rules.sourceAndContent());
        return new Demo(System.out).run(cfg, messages, duration);
    }
}
