package org.chatguard.console.web;

import static org.chatguard.console.Fixtures.T0;
import static org.chatguard.console.Fixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.prometheus.client.CollectorRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.json.EventJson;
import org.chatguard.connectors.kafka.EmbeddedKafka;
import org.chatguard.console.AlertIngestor;
import org.chatguard.console.ConsoleMetrics;
import org.chatguard.console.ConsoleService;
import org.chatguard.console.Fixtures;
import org.chatguard.console.StaffActionSink;
import org.chatguard.console.auth.Passwords;
import org.chatguard.console.auth.Sessions;
import org.chatguard.console.auth.Users;
import org.chatguard.console.store.AlertRecord;
import org.chatguard.console.store.AlertStore;
import org.chatguard.console.store.IngestStore;
import org.chatguard.model.Category;
import org.chatguard.model.Decision;
import org.chatguard.model.StaffAction;
import org.chatguard.model.StaffAlert;
import org.chatguard.model.Tier;

/**
 * Issue 12 item 3 on the real broker: a store write failure and crashes of the ingest loop outside the
 * per-record handler. Ingest restarts (with backoff), says so on /readyz, /metrics and a banner on the
 * pages meanwhile, never advances past a record it did not store, and in the end every alert is in
 * the store exactly once.
 */
class IngestSupervisionTest {

    static EmbeddedKafka kafka;
    static final AlertIngestor.Backoff FAST = new AlertIngestor.Backoff(Duration.ofMillis(50), Duration.ofMillis(400));
    static final Pattern RESTARTS = Pattern.compile("(?m)^chatguard_console_ingest_restarts_total (\\S+)$");

    @TempDir
    Path dir;

    @BeforeAll
    static void broker() throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** The real store, with failures switched on by the test. */
    static final class FaultyStore implements IngestStore {
        final AlertStore store;
        volatile String failAlertId;
        final AtomicInteger offsetLookupCrashes = new AtomicInteger();
        final AtomicInteger errorsOnApply = new AtomicInteger();

        FaultyStore(AlertStore store) {
            this.store = store;
        }

        @Override
        public boolean applyAlert(StaffAlert a, String topic, int partition, long offset) {
            if (a.alertId().equals(failAlertId)) {
                throw new IllegalStateException("alert store: apply alert failed: IO error: No space left on device");
            }
            if (errorsOnApply.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new NoClassDefFoundError("simulated: a library class failed to load mid-batch");
            }
            return store.applyAlert(a, topic, partition, offset);
        }

        @Override
        public boolean applyDecision(Decision d, String topic, int partition, long offset) {
            return store.applyDecision(d, topic, partition, offset);
        }

        @Override
        public void skip(String topic, int partition, long offset) {
            store.skip(topic, partition, offset);
        }

        @Override
        public Optional<Long> appliedOffset(String topic, int partition) {
            // called from the rebalance listener inside poll(): outside the per-record handler
            if (offsetLookupCrashes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("alert store: read offset failed");
            }
            return store.appliedOffset(topic, partition);
        }
    }

    record Console(ConsoleServer server, StaffClient moderator) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }

    static Console console(AlertStore store, AlertIngestor ingestor) throws Exception {
        StaffActionSink sink = new StaffActionSink() {
            @Override
            public void publish(StaffAction a, Tier staffRole, Instant until) {
            }

            @Override
            public void publishDecision(Decision d) {
            }
        };
        CollectorRegistry registry = new CollectorRegistry();
        registry.register(new ConsoleMetrics(ingestor::status, Clock.systemUTC()));
        ConsoleServer server = new ConsoleServer(new InetSocketAddress("127.0.0.1", 0),
                new ConsoleService(store, sink, (m, c, s, at) -> Optional.empty(), Clock.systemUTC()),
                Users.parse(List.of("user moderator MODERATOR " + Passwords.hash("pw".toCharArray(), 1000))),
                new Sessions(Duration.ofMinutes(30), Clock.systemUTC())).monitor(ingestor::status, 0, registry).start();
        StaffClient mod = new StaffClient(server.port());
        assertEquals(303, mod.login("moderator", "pw").statusCode());
        return new Console(server, mod);
    }

    static void publishAlerts(Topics topics, String prefix, int from, int to) throws Exception {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = from; i <= to; i++) {
                String id = prefix + i;
                p.send(new ProducerRecord<>(topics.staffAlerts(), id, EventJson.toBytes(
                        Fixtures.alert(id, 1, Tier.MODERATOR, Category.INSULT, T0.plusSeconds(i))))).get();
            }
        }
    }

    /** Every expected alert present, each exactly once (one "raised", no duplicate history), nothing else. */
    static void assertEachExactlyOnce(AlertStore store, String prefix, int n) {
        List<AlertRecord> all = store.alerts(Tier.MODERATOR, null);
        assertEquals(n, all.size());
        for (int i = 1; i <= n; i++) {
            AlertRecord r = store.alert(prefix + i).orElseThrow(() -> new AssertionError("lost"));
            assertEquals(List.of("raised"), r.history().stream().map(AlertRecord.HistoryEntry::event).toList(), r.alert().alertId());
        }
    }

    static Topics topicsWithAlerts(String name, int partitions, String idPrefix, int n) throws Exception {
        Topics topics = Topics.withPrefix(name + ".");
        kafka.createTopics(topics, partitions);
        publishAlerts(topics, idPrefix, 1, n);
        return topics;
    }

    static AlertIngestor ingest(Topics topics, String group, IngestStore store) {
        return new AlertIngestor(kafka.clientProperties(), group, topics, store, FAST, Clock.systemUTC()).start();
    }

    static double restarts(StaffClient c) throws Exception {
        Matcher m = RESTARTS.matcher(c.get("/metrics").body());
        assertTrue(m.find());
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aStoreFailureIsRetriedNeverSkippedAndTheConsoleSaysIngestIsDown() throws Exception {
        Topics topics = topicsWithAlerts("sup1", 1, "s", 10);
        try (AlertStore real = AlertStore.open(dir)) {
            FaultyStore store = new FaultyStore(real);
            store.failAlertId = "s4";
            AlertIngestor in = ingest(topics, "sup1", store);
            try (Console c = console(real, in)) {
                await(() -> in.status().restarts() >= 3, "ingest restarts after the failed write");
                assertTrue(real.alert("s3").isPresent());
                for (int i = 4; i <= 10; i++) {
                    assertFalse(real.alert("s" + i).isPresent(), "nothing past the record that could not be stored");
                }
                assertEquals(Optional.of(2L), real.appliedOffset(topics.staffAlerts(), 0), "position stays at the last stored record");
                await(() -> status(c.moderator(), "/readyz") == 503, "not ready while ingest cannot store");
                await(() -> page(c.moderator()).contains("id=ingest-banner"), "the pages say the queues may be out of date");
                assertTrue(restarts(c.moderator()) >= 3);
                assertEquals(200, status(c.moderator(), "/healthz"), "the process itself is up");

                store.failAlertId = null;
                await(() -> real.alert("s10").isPresent(), "ingest recovers once the store does");
                assertEachExactlyOnce(real, "s", 10);
                await(() -> status(c.moderator(), "/readyz") == 200, "ready again, lag 0");
                assertFalse(page(c.moderator()).contains("id=ingest-banner"));
                String metrics = c.moderator().get("/metrics").body();
                assertTrue(metrics.contains("chatguard_console_ingest_up 1.0"), metrics);
                assertTrue(metrics.contains("chatguard_console_ingest_lag_records 0.0"), metrics);
                assertTrue(metrics.contains("chatguard_console_last_applied_age_seconds "), metrics);
            } finally {
                in.close();
            }
        }
    }

    @Test
    void crashesOutsideTheRecordHandlerRestartIngestAndLoseNothing() throws Exception {
        Topics topics = topicsWithAlerts("sup2", 2, "k", 6);
        try (AlertStore real = AlertStore.open(dir)) {
            FaultyStore store = new FaultyStore(real);
            store.offsetLookupCrashes.set(1);
            store.errorsOnApply.set(1);
            AlertIngestor in = ingest(topics, "sup2", store);
            try {
                await(() -> real.alerts(Tier.MODERATOR, null).size() == 6, "all six stored despite two crashes");
                assertTrue(in.status().restarts() >= 2, "one restart per crash: " + in.status().restarts());
                assertEquals("NoClassDefFoundError", in.status().lastError());
                publishAlerts(topics, "k", 7, 8);
                await(() -> real.alerts(Tier.MODERATOR, null).size() == 8, "ingest still running afterwards");
                assertEachExactlyOnce(real, "k", 8);
                await(() -> in.status().ready(0), "up and caught up");
            } finally {
                in.close();
            }
        }
    }

    static int status(StaffClient c, String path) {
        try {
            return c.get(path).statusCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String page(StaffClient c) {
        try {
            return c.get("/queue?tier=MODERATOR").body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
