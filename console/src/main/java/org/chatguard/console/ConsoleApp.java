package org.chatguard.console;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

import javax.net.ssl.SSLContext;

import org.chatguard.connectors.Topics;
import org.chatguard.console.auth.Sessions;
import org.chatguard.console.auth.Users;
import org.chatguard.console.store.AlertStore;
import org.chatguard.console.store.RetentionPolicy;
import org.chatguard.console.web.ConsoleServer;

/** The whole console process: store, ingest, staff-action publisher, web server, retention schedule. */
public final class ConsoleApp implements AutoCloseable {

    /** Everything the console needs to run. */
    public record Settings(Properties kafka, Topics topics, String groupId, Path dataDir, Users users,
            InetSocketAddress bind, RetentionPolicy retention, Duration retentionEvery, Duration sessionIdle, SSLContext tls) {

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
        store = AlertStore.open(s.dataDir());
        sink = new KafkaStaffActionSink(s.kafka(), s.topics());
        ConsoleService service = new ConsoleService(store, sink, new KafkaOriginalText(s.kafka(), s.topics()), Clock.systemUTC());
        ingestor = new AlertIngestor(s.kafka(), s.groupId(), s.topics(), store).start();
        server = new ConsoleServer(s.bind(), service, s.users(), new Sessions(s.sessionIdle(), Clock.systemUTC()), s.tls()).start();
        retention = new RetentionJob(store, s.retention()).start(s.retentionEvery());
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
