package org.chatguard.load.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.chatguard.connectors.Topics;
import org.chatguard.load.bench.Target;
import org.chatguard.load.capture.Capture;
import org.chatguard.load.gen.GeneratedMessage;
import org.chatguard.load.gen.GeneratorConfig;
import org.chatguard.load.gen.TrafficGenerator;
import org.chatguard.load.replay.ReplaySchedule;
import org.chatguard.load.report.LoadMetrics;
import org.chatguard.load.report.LoadReport;

/** Real broker, trivial echo job: load and replay end to end, bounded to a few seconds of traffic. */
class EmbeddedEchoLoadTest {

    @Test
    @Timeout(90)
    void loadAndReplayAgainstAnEchoJobOnTheEmbeddedBroker(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Topics topics = Topics.defaults();
        try (LoadMetrics metrics = new LoadMetrics(port);
             Target sut = Target.start(Target.Kind.ECHO, null, topics, 1, 1, Duration.ZERO);
             LoadSession session = new LoadSession(sut.bootstrapServers(), topics.decisions(), metrics)) {
            TrafficGenerator g = new TrafficGenerator(GeneratorConfig.defaults(5));
            RunResult load = session.run("load", new RateFeed(g, topics, 500, Duration.ofSeconds(2), "t."),
                    Duration.ofSeconds(10), Duration.ofSeconds(20));
            assertEquals(1000, load.sent());
            assertEquals(1000, load.decided(), load.oneLine());
            assertEquals(0, load.missing());
            assertTrue(load.latency().p99Ms() < 5_000, load.oneLine());

            // a generated capture, replayed 20x faster, twice
            List<GeneratedMessage> gen = new TrafficGenerator(GeneratorConfig.defaults(6)
                    .withTimeline(Instant.parse("2026-11-27T09:00:00Z"), 100)).take(100);
            Path file = dir.resolve("capture.jsonl");
            Capture.write(file, gen.stream().map(GeneratedMessage::message).toList());
            Capture.Loaded loaded = Capture.read(file, 1_000, false);
            assertEquals(100, loaded.messages().size());
            ReplaySchedule schedule = new ReplaySchedule(loaded.messages().stream().map(m -> m.sentAt()).toList(), 20, 2);
            RunResult replay = session.run("replay", new ReplayFeed(loaded.messages(), schedule, topics, true),
                    Duration.ofSeconds(10), Duration.ofSeconds(20));
            assertEquals(200, replay.decided(), replay.oneLine());

            String scrape;
            try (InputStream in = URI.create("http://127.0.0.1:" + port + "/metrics").toURL().openStream()) {
                scrape = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertTrue(scrape.contains("chatguard_load_decisions_total 1200.0"), scrape);
            assertTrue(scrape.contains("chatguard_load_latency_seconds_bucket"));

            LoadReport report = new LoadReport("test", Instant.now().toString(), 1, Map.of("rate", 500),
                    LoadReport.machineInfo(), List.of(load, replay), null, session.series(), List.of());
            List<Path> written = report.write(dir.resolve("report"));
            String html = Files.readString(written.get(1));
            assertTrue(html.contains("<svg") && html.contains("<polyline") && !html.contains("<script"));
            assertTrue(Files.readString(written.get(0)).contains("\"p99Ms\""));
        }
    }
}
