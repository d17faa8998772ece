package org.chatguard.load.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.chatguard.load.capture.Capture;
import org.chatguard.load.gen.GeneratedMessage;
import org.chatguard.load.gen.Harm;
import org.chatguard.load.gen.TrafficGenerator;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write generated traffic to a JSONL capture file (replayable with 'replay').")
public final class GenerateCommand implements Callable<Integer> {

    static final long MAX_COUNT = 50_000_000L;

    @Mixin
    GeneratorOptions gen;

    @Option(names = "--count", defaultValue = "100000", description = "Messages to write (default: ${DEFAULT-VALUE}, at most 50M).")
    long count;

    @Option(names = {"--out", "-o"}, required = true, description = "Capture file (JSONL).")
    Path out;

    @Option(names = "--start", defaultValue = "2026-11-27T09:00:00Z", description = "sentAt of the first message (default: ${DEFAULT-VALUE}).")
    Instant start;

    @Option(names = "--timeline-rate", defaultValue = "200",
            description = "Average messages/s of the sentAt timeline, Poisson arrivals (default: ${DEFAULT-VALUE}).")
    double timelineRate;

    @Override
    public Integer call() throws Exception {
        if (count < 1 || count > MAX_COUNT) {
            System.err.println("generate: --count must be within 1.." + MAX_COUNT);
            return 2;
        }
        TrafficGenerator g = new TrafficGenerator(gen.config(start, timelineRate));
        Map<Harm, Long> harms = new EnumMap<>(Harm.class);
        Map<String, Long> channels = new TreeMap<>();
        long malformed = 0;
        long bytes = 0;
        Instant last = start;
        try (Capture.Writer w = new Capture.Writer(out)) {
            for (long i = 0; i < count; i++) {
                GeneratedMessage m = g.next();
                byte[] json = m.json();
                if (m.malformed()) {
                    malformed++;
                } else {
                    harms.merge(m.harm(), 1L, Long::sum);
                    channels.merge(m.message().kind() + "/" + m.message().channel(), 1L, Long::sum);
                }
                w.writeRaw(json);
                bytes += json.length;
                last = m.message().sentAt();
            }
        }
        System.out.printf("wrote %d records (%d malformed) to %s, %.1f MB, mean %.0f bytes, sentAt %s .. %s%n",
                count, malformed, out, bytes / 1e6, bytes / (double) count, start, last);
        System.out.println("by channel: " + channels);
        System.out.println("by content: " + harms);
        if (malformed > 0) {
            System.out.println("note: 'replay' skips malformed lines (they get no decision to wait for)");
        }
        return 0;
    }
}
