package org.chatguard.load.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.chatguard.load.bench.Target;
import org.chatguard.load.capture.Capture;
import org.chatguard.load.replay.ReplaySchedule;
import org.chatguard.load.report.LoadMetrics;
import org.chatguard.load.report.LoadReport;
import org.chatguard.load.run.LoadSession;
import org.chatguard.load.run.ReplayFeed;
import org.chatguard.load.run.RunResult;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay a JSONL capture at its original pace (by sentAt), N times faster, or as fast as possible;",
                "loop it for soak runs (loops get distinct ids and sentAt). Latency as in 'load'."})
public final class ReplayCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Option(names = "--capture", required = true, description = "JSONL capture (e.g. from 'generate').")
    Path capture;

    @Option(names = "--speed", defaultValue = "1", description = "1 = original pace, 10 = ten times faster, 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--loops", defaultValue = "1", description = "Play the capture this many times, at most 1000 (default: ${DEFAULT-VALUE}).")
    int loops;

    @Option(names = "--max-messages", defaultValue = "5000000", description = "Read at most this many messages of the capture (default: ${DEFAULT-VALUE}).")
    int maxMessages;

    @Option(names = "--max-duration", defaultValue = "10m", description = "Stop sending after this long, at most 24h (default: ${DEFAULT-VALUE}).")
    Duration maxDuration;

    @Option(names = "--drain", defaultValue = "15s", description = "After sending, wait at most this long for outstanding decisions (default: ${DEFAULT-VALUE}).")
    Duration drain;

    @Option(names = "--keep-sent-at", description = "Send the capture's own sentAt (shifted per loop) instead of the wall-clock send time.")
    boolean keepSentAt;

    @Override
    public Integer call() throws Exception {
        if (loops < 1 || loops > 1000 || maxDuration.compareTo(Duration.ofHours(24)) > 0 || drain.compareTo(Duration.ofMinutes(10)) > 0) {
            System.err.println("replay: --loops 1..1000, --max-duration at most 24h, --drain at most 10m");
            return 2;
        }
        Capture.Loaded loaded = Capture.read(capture, maxMessages, true);
        if (loaded.messages().isEmpty()) {
            System.err.println("replay: no valid messages in " + capture);
            return 2;
        }
        ReplaySchedule schedule = new ReplaySchedule(loaded.messages().stream().map(m -> m.sentAt()).toList(), speed, loops);
        System.out.printf("replay: %d messages (%d invalid lines skipped), capture span %s, speed %s, %d loop(s)%n",
                loaded.messages().size(), loaded.invalid(), schedule.span(), speed == 0 ? "as fast as possible" : speed + "x", loops);
        Instant t0 = Instant.now();
        List<RunResult> runs = new ArrayList<>();
        LoadReport report;
        try (LoadMetrics metrics = new LoadMetrics(target.metricsPort);
             Target sut = target.start();
             LoadSession session = new LoadSession(sut.bootstrapServers(), sut.topics().decisions(), metrics)) {
            System.out.printf("replay: target %s at %s%n", sut.kind(), sut.bootstrapServers());
            ReplayFeed feed = new ReplayFeed(loaded.messages(), schedule, sut.topics(), !keepSentAt);
            RunResult r = session.run("replay", feed, maxDuration, drain);
            System.out.println(r.oneLine());
            runs.add(r);
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("target", sut.kind());
            settings.put("capture", capture.toString());
            settings.put("messages", loaded.messages().size());
            settings.put("speed", speed);
            settings.put("loops", loops);
            settings.put("rewriteSentAt", !keepSentAt);
            report = new LoadReport("replay", t0.toString(), Duration.between(t0, Instant.now()).toMillis() / 1000.0,
                    settings, LoadReport.machineInfo(), runs, null, session.series(),
                    speed == 0 ? List.of("as fast as possible: no schedule, latency is measured from the actual send") : List.of());
        }
        System.out.println("report: " + report.write(target.reportBase("replay")));
        return runs.get(0).missing() > 0 ? 1 : 0;
    }
}
