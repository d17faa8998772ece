package org.chatguard.load.cli;

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
import org.chatguard.load.gen.TrafficGenerator;
import org.chatguard.load.report.LoadMetrics;
import org.chatguard.load.report.LoadReport;
import org.chatguard.load.run.FindMax;
import org.chatguard.load.run.LoadSession;
import org.chatguard.load.run.RateFeed;
import org.chatguard.load.run.RunResult;

@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Open-loop load at a target rate with end-to-end latency (send -> decision) measured from each",
                "message's intended send time; or --find-max: ramp the rate until p99 passes a bound."})
public final class LoadCommand implements Callable<Integer> {

    static final long MAX_MESSAGES = 50_000_000L;

    @Mixin
    TargetOptions target;

    @Mixin
    GeneratorOptions gen;

    @Option(names = "--rate", defaultValue = "1000", description = "Messages per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", defaultValue = "30s", description = "Measured run length, at most 1h (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "10s", description = "Unmeasured run at the same rate first (JIT, job start-up); 0s = none (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--drain", defaultValue = "15s", description = "After sending, wait at most this long for outstanding decisions (default: ${DEFAULT-VALUE}).")
    Duration drain;

    @Option(names = "--find-max", description = "Ramp the rate step by step until p99 exceeds --p99-bound-ms.")
    boolean findMax;

    @Option(names = "--start-rate", defaultValue = "2000", description = "find-max: first rate (default: ${DEFAULT-VALUE}).")
    double startRate;

    @Option(names = "--factor", defaultValue = "1.5", description = "find-max: rate multiplier per passing step (default: ${DEFAULT-VALUE}).")
    double factor;

    @Option(names = "--max-rate", defaultValue = "500000", description = "find-max: never above (default: ${DEFAULT-VALUE}).")
    double maxRate;

    @Option(names = "--max-steps", defaultValue = "12", description = "find-max: at most this many ramp steps (default: ${DEFAULT-VALUE}).")
    int maxSteps;

    @Option(names = "--refine", defaultValue = "2", description = "find-max: bisection steps after the first failure (default: ${DEFAULT-VALUE}).")
    int refine;

    @Option(names = "--step-duration", defaultValue = "15s", description = "find-max: length of each step (default: ${DEFAULT-VALUE}).")
    Duration stepDuration;

    @Option(names = "--p99-bound-ms", defaultValue = "100", description = "find-max: a step passes with p99 at or below this (default: ${DEFAULT-VALUE}).")
    double p99BoundMs;

    @Override
    public Integer call() throws Exception {
        Duration hour = Duration.ofHours(1);
        if (duration.compareTo(hour) > 0 || stepDuration.compareTo(hour) > 0 || warmup.compareTo(Duration.ofMinutes(10)) > 0
                || drain.compareTo(Duration.ofMinutes(10)) > 0) {
            System.err.println("load: --duration/--step-duration at most 1h, --warmup/--drain at most 10m");
            return 2;
        }
        double biggest = findMax ? maxRate * stepDuration.toSeconds() : rate * duration.toSeconds();
        if (!(rate > 0) || biggest > MAX_MESSAGES) {
            System.err.println("load: rate x duration must stay within " + MAX_MESSAGES + " messages per run");
            return 2;
        }
        Instant t0 = Instant.now();
        TrafficGenerator generator = new TrafficGenerator(gen.config(t0, 1000));
        List<RunResult> runs = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Double max = null;
        LoadReport report;
        try (LoadMetrics metrics = new LoadMetrics(target.metricsPort);
             Target sut = target.start();
             LoadSession session = new LoadSession(sut.bootstrapServers(), sut.topics().decisions(), metrics)) {
            System.out.printf("load: target %s at %s%s%n", sut.kind(), sut.bootstrapServers(),
                    metrics.port() > 0 ? ", metrics on http://127.0.0.1:" + metrics.port() + "/metrics" : "");
            String tag = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
            double warmRate = findMax ? startRate : rate;
            if (!warmup.isZero()) {
                RunResult w = session.run("warmup", new RateFeed(generator, sut.topics(), warmRate, warmup, "w" + tag + "."),
                        warmup.plusSeconds(5), drain.plusSeconds(30));
                System.out.println(w.oneLine());
                runs.add(w);
            }
            if (findMax) {
                FindMax.Outcome o = FindMax.run(new FindMax.Settings(startRate, factor, maxRate, maxSteps, refine, p99BoundMs),
                        (step, r) -> {
                            RunResult res = session.run("step-" + step + "@" + Math.round(r),
                                    new RateFeed(generator, sut.topics(), r, stepDuration, "s" + step + tag + "."),
                                    stepDuration.plusSeconds(5), drain);
                            System.out.println(res.oneLine());
                            return res;
                        });
                runs.addAll(o.steps());
                notes.addAll(o.log());
                max = o.maxRate();
                System.out.println(max == null ? "find-max: even the first step failed"
                        : String.format("find-max: max rate with p99 <= %.0f ms: %.0f msgs/s", p99BoundMs, max));
            } else {
                RunResult r = session.run("load@" + Math.round(rate), new RateFeed(generator, sut.topics(), rate, duration, "l" + tag + "."),
                        duration.plusSeconds(5), drain);
                System.out.println(r.oneLine());
                runs.add(r);
            }
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("target", sut.kind());
            settings.put("partitions", target.partitions);
            settings.put("parallelism", target.parallelism);
            settings.put("checkpointInterval", target.checkpointInterval.toString());
            settings.put("bufferTimeout", target.bufferTimeout == null ? "job default (ChatGuard: 10ms)" : target.bufferTimeout.toString());
            settings.put("rulePack", target.rulePack == null ? "bundled default" : target.rulePack.toString());
            settings.put("seed", gen.seed);
            settings.put("harmfulShare", gen.harmfulShare);
            settings.put("hotRoomShare", gen.hotRoomShare);
            if (findMax) {
                settings.put("findMax", Map.of("startRate", startRate, "factor", factor, "maxRate", maxRate,
                        "stepDuration", stepDuration.toString(), "p99BoundMs", p99BoundMs));
            } else {
                settings.put("rate", rate);
                settings.put("duration", duration.toString());
            }
            settings.put("warmup", warmup.toString());
            report = new LoadReport(findMax ? "load --find-max" : "load", t0.toString(),
                    Duration.between(t0, Instant.now()).toMillis() / 1000.0, settings, LoadReport.machineInfo(), runs, max,
                    session.series(), notes);
        }
        System.out.println("report: " + report.write(target.reportBase(findMax ? "find-max" : "load")));
        RunResult last = runs.get(runs.size() - 1);
        return findMax ? (max == null ? 1 : 0) : (last.missing() > 0 ? 1 : 0);
    }
}
