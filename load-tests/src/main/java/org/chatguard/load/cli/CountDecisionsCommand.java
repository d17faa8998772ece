package org.chatguard.load.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.chatguard.connectors.Topics;
import org.chatguard.load.bench.OffsetWatch;
import org.chatguard.load.kafka.Localhost;

/**
 * Counts the decisions a job running elsewhere (e.g. on {@code bin/chatguard-cluster}) writes, the way
 * {@code bench} counts its own job's output ({@link OffsetWatch}): the decisions topic's end offsets from
 * now on, until {@code --messages} more are there; throughput over first to last decision seen.
 */
@Command(name = "count-decisions", mixinStandardHelpOptions = true,
        description = {"Count decisions written to the decisions topic from now on (end offsets, as 'bench' counts) until",
                "--messages more are there; prints the seconds from the first to the last one and the rate (and the rate",
                "over the second half of them, the job warmed up).",
                "Start it before the job (prints 'watching' when ready). Exit 1 if --timeout passes first."})
public final class CountDecisionsCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", required = true, description = "Kafka on this machine (localhost only).")
    String bootstrapServers;

    @Option(names = "--topic-prefix", defaultValue = "", description = "Prefix of ChatGuard's topic names (default: none).")
    String topicPrefix;

    @Option(names = "--messages", required = true, description = "Decisions to wait for (one per input message).")
    long messages;

    @Option(names = "--timeout", defaultValue = "10m", description = "Give up after this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--progress", defaultValue = "10s", description = "Print the count this often; 0s = never (default: ${DEFAULT-VALUE}).")
    Duration progress;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        if (messages < 1) {
            System.err.println("count-decisions: --messages must be at least 1");
            return 2;
        }
        String topic = Topics.withPrefix(topicPrefix).decisions();
        try (OffsetWatch watch = new OffsetWatch(Localhost.require(bootstrapServers), topic)) {
            long base = watch.total();
            long start = System.nanoTime();
            out.printf(Locale.ROOT, "count-decisions: watching %s from %d records for %d more%n", topic, base, messages);
            out.flush();
            long every = progress.toNanos();
            long[] nextPrint = {start + every};
            long half = (messages + 1) / 2;
            long[] halfAt = {0};
            OffsetWatch.Progress p = watch.await(base, messages, start + timeout.toNanos(), counted -> {
                long now = System.nanoTime();
                if (halfAt[0] == 0 && counted >= half) {
                    halfAt[0] = now;
                }
                if (every > 0 && now - nextPrint[0] >= 0) {
                    out.printf(Locale.ROOT, "count-decisions: %d of %d after %.0f s%n", counted, messages, (now - start) / 1e9);
                    out.flush();
                    nextPrint[0] = now + every;
                }
            });
            if (!p.complete()) {
                out.printf(Locale.ROOT, "count-decisions: only %d of %d decisions after %s%n", p.counted(), messages, timeout);
                return 1;
            }
            double secs = p.steadySeconds();
            // the second half of the decisions alone: the job warmed up (JIT, caches), start-up and ramp excluded
            double halfSecs = (p.lastNanos() - halfAt[0]) / 1e9;
            double halfRate = (p.counted() - half) / Math.max(1e-9, halfSecs);
            // one machine-readable line: decided, seconds first to last decision, decisions per second, seconds since
            // watching, decisions per second over the second half
            out.printf(Locale.ROOT, "count-decisions: decided=%d seconds=%.3f rate=%.1f since-start=%.3f second-half-rate=%.1f%n",
                    p.counted(), secs, p.counted() / Math.max(1e-9, secs), (p.lastNanos() - start) / 1e9,
                    halfAt[0] == p.lastNanos() ? 0.0 : halfRate);
            return 0;
        }
    }
}
