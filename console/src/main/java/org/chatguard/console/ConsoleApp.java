package org.chatguard.console;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

import javax.net.ssl.SSLContext;

import io.prometheus.client.CollectorRegistry;

import org.chatguard.connectors.Topics;
import org.chatguard.console.auth.Sessions;
import org.chatguard.console.auth.Users;
import org.chatguard.console.store.AlertStore;
import org.chatguard.console.store.RetentionPolicy;
import org.chatguard.console.web.ConsoleServer;

/** The whole console process: store, ingest, staff-action publisher, web server, retention schedule. */
public final class ConsoleApp implements AutoCloseable {

    /** Ready (/readyz) while ingest is at most this many records behind, by default. */
    public static final long DEFAULT_MAX_INGEST_LAG = 1000;
    /** How long a mute sent from the console lasts, by default. */
    public static final Duration DEFAULT_MUTE = Duration.ofHours(24);

    /**
     * Everything the console needs to run.
     *
     * @param maxIngestLag records ingest may be behind before /readyz fails and pages show a banner
     * @param muteDuration the {@code until} of a mute the console sends is now plus this
     * @param contextWindow messages shown before and after each evidence message (default 10 and 5)
     * @param contextPerConversation newest messages kept per conversation for context (bounded; default 1000)
     */
    public record Settings(Properties kafka, Topics topics, String groupId, Path dataDir, Users users,
            InetSocketAddress bind, RetentionPolicy retention, Duration retentionEvery, Duration sessionIdle, SSLContext tls,
            long maxIngestLag, Duration muteDuration, ConsoleService.ContextWindow contextWindow, int contextPerConversation) {

        public Settings(Properties kafka, Topics topics, String groupId, Path dataDir, Users users, InetSocketAddress bind,
                RetentionPolicy retention, Duration retentionEvery, Duration sessionIdle, SSLContext tls, long maxIngestLag,
                Duration muteDuration) {
            this(kafka, topics, groupId, dataDir, users, bind, retention, retentionEvery, sessionIdle, tls, maxIngestLag,
                    muteDuration, ConsoleService.ContextWindow.DEFAULT, AlertStore.DEFAULT_CONTEXT_PER_CONVERSATION);
        }

        public Settings(Properties kafka, Topics topics, String groupId, Path dataDir, Users users, InetSocketAddress bind,
                RetentionPolicy retention, Duration retentionEvery, Duration sessionIdle, SSLContext tls) {
            this(kafka, topics, groupId, dataDir, users, bind, retention, retentionEvery, sessionIdle, tls,
                    DEFAULT_MAX_INGEST_LAG, DEFAULT_MUTE);
        }

        public Settings(Properties kafka, Topics topics, String groupId, Path dataDir, Users users, InetSocketAddress bind,
                RetentionPolicy retention, Duration retentionEvery, Duration sessionIdle) {
            this(kafka, topics, groupId, dataDir, users, bind, retention, retentionEvery, sessionIdle, null);
        }
    }

    private final AlertStore store;
    private final AlertIngestor ingestor;
    private final KafkaStaffActionSink sink;
    private final ConsoleServer server;
    private final RetentionJob retention;

    private ConsoleApp(Settings s) throws IOException {
        Clock clock = Clock.systemUTC();
        store = AlertStore.open(s.dataDir(), clock, s.contextPerConversation());
        sink = new KafkaStaffActionSink(s.kafka(), s.topics());
        ConsoleService service = new ConsoleService(store, sink, new KafkaOriginalText(s.kafka(), s.topics()), clock, s.muteDuration(),
                s.contextWindow());
        ingestor = new AlertIngestor(s.kafka(), s.groupId(), s.topics(), store).start();
        CollectorRegistry metrics = new CollectorRegistry();
        metrics.register(new ConsoleMetrics(ingestor::status, clock,
                t -> store.alerts(t, org.chatguard.console.store.AlertStatus.OPEN)));
        server = new ConsoleServer(s.bind(), service, s.users(), new Sessions(s.sessionIdle(), clock), s.tls())
                .monitor(ingestor::status, s.maxIngestLag(), metrics).start();
        retention = new RetentionJob(store, service, s.retention()).start(s.retentionEvery());
    }

    public static ConsoleApp start(Settings s) throws IOException {
        return new ConsoleApp(s);
    }

    public int port() {
        return server.port();
    }

    public AlertStore store() {
        return store;
    }

    public AlertIngestor ingestor() {
        return ingestor;
    }

    @Override
    public void close() throws Exception {
        server.close();
        retention.close();
        ingestor.close();
        sink.close();
        store.close();
    }
}
