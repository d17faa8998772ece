package org.chatguard.load.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;

import org.chatguard.load.kafka.DecisionListener;
import org.chatguard.load.kafka.KafkaTransport;
import org.chatguard.load.latency.IntervalSample;
import org.chatguard.load.latency.LatencyRecorder;
import org.chatguard.load.latency.LatencySummary;
import org.chatguard.load.replay.NanoClock;
import org.chatguard.load.replay.Pacer;
import org.chatguard.load.replay.Sleeper;
import org.chatguard.load.report.LoadMetrics;

/**
 * One producer, one decision listener and a once-a-second sampler, shared by the runs of one command
 * (a load run, the steps of find-max, a replay). Runs are sequential; a run's late decisions are still
 * matched until it is closed after its drain.
 */
public final class LoadSession implements AutoCloseable {

    private static final class Active {
        final String name;
        final double targetRate;
        final LatencyRecorder recorder;
        final LongAdder sent = new LongAdder();
        long lastSent;
        long lastDecided;
        long lastNanos;

        Active(String name, double targetRate, LatencyRecorder recorder, long now) {
            this.name = name;
            this.targetRate = targetRate;
            this.recorder = recorder;
            this.lastNanos = now;
        }
    }

    private final NanoClock clock = NanoClock.SYSTEM;
    private final Transport transport;
    private final DecisionListener listener;
    private final LoadMetrics metrics;
    private final long sessionStart = clock.nanoTime();
    private final List<IntervalSample> series = Collections.synchronizedList(new ArrayList<>());
    private final List<Active> active = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService sampler;

    public LoadSession(String bootstrapServers, String decisionsTopic, LoadMetrics metrics) {
        this.metrics = metrics;
        this.listener = new DecisionListener(bootstrapServers, decisionsTopic, clock, metrics::completed);
        this.transport = new KafkaTransport(bootstrapServers);
        sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "load-sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(this::sampleAll, 1, 1, TimeUnit.SECONDS);
    }

    private void sampleAll() {
        for (Active a : active) {
            sample(a);
        }
    }

    private synchronized void sample(Active a) {
        long now = clock.nanoTime();
        double secs = Math.max(1e-3, (now - a.lastNanos) / 1e9);
        Histogram h = a.recorder.sample();
        long sent = a.sent.sum();
        long decided = a.recorder.completedCount();
        IntervalSample s = new IntervalSample(
                Math.round((now - sessionStart) / 1e6) / 1000.0, a.name, a.targetRate,
                (sent - a.lastSent) / secs, (decided - a.lastDecided) / secs,
                ms(h, 50), ms(h, 90), ms(h, 99), h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1000.0,
                a.recorder.pending());
        a.lastSent = sent;
        a.lastDecided = decided;
        a.lastNanos = now;
        series.add(s);
        metrics.interval(s);
    }

    private static double ms(Histogram h, double p) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(p) / 1000.0;
    }

    /**
     * Sends the feed on its schedule (at most {@code maxDuration}), then waits up to {@code drain} for
     * the remaining decisions.
     */
    public RunResult run(String name, Feed feed, Duration maxDuration, Duration drain) throws InterruptedException {
        long start = clock.nanoTime();
        LatencyRecorder rec = new LatencyRecorder(feed.capacity(), start);
        feed.start(Instant.now());
        listener.register(feed, rec);
        Active a = new Active(name, feed.targetRate(), rec, start);
        active.add(a);
        var sentCounter = metrics.sentCounter(name);
        OpenLoopSender sender = new OpenLoopSender(new Pacer(clock, Sleeper.SYSTEM), transport, (seq, late) -> {
            a.sent.increment();
            sentCounter.inc();
            metrics.sendLag(late);
        });
        long failuresBefore = transport.failures();
        long sent;
        try {
            sent = sender.run(feed, rec, start, start + maxDuration.toNanos());
        } finally {
            metrics.sendLag(0);
        }
        double sendSeconds = (clock.nanoTime() - start) / 1e9;
        long drainUntil = clock.nanoTime() + drain.toNanos();
        while (rec.pending() > 0 && clock.nanoTime() - drainUntil < 0) {
            if (listener.failure() != null) {
                throw new IllegalStateException("decision listener failed", listener.failure());
            }
            Thread.sleep(20);
        }
        active.remove(a);
        sample(a);
        listener.unregister(rec);
        long decided = rec.completedCount();
        double decidedSeconds = decided == 0 ? 0 : (rec.lastCompletionNanos() - start) / 1e9;
        return new RunResult(name, feed.targetRate(), sent, decided, rec.pending(), rec.duplicateCount(),
                transport.failures() - failuresBefore, sendSeconds, sent / Math.max(1e-9, sendSeconds),
                decided == 0 ? 0 : decided / Math.max(1e-9, decidedSeconds),
                LatencySummary.of(rec.total()), LatencySummary.of(rec.naiveTotal()));
    }

    public List<IntervalSample> series() {
        synchronized (series) {
            return List.copyOf(series);
        }
    }

    @Override
    public void close() throws Exception {
        sampler.shutdownNow();
        try {
            listener.close();
        } finally {
            transport.close();
        }
    }
}
