package org.chatguard.console;

import java.io.Console;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.json.EventJson;
import org.chatguard.connectors.kafka.EmbeddedKafka;
import org.chatguard.console.auth.Passwords;
import org.chatguard.console.auth.Users;
import org.chatguard.console.store.AlertStore;
import org.chatguard.console.store.RetentionPolicy;
import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.ContentKind;
import org.chatguard.model.Decision;
import org.chatguard.model.Evidence;
import org.chatguard.model.RuleMatch;
import org.chatguard.model.StaffAlert;
import org.chatguard.model.Tier;

/** {@code bin/chatguard-console}: serve | demo | hash-password. */
@Command(name = "chatguard-console", mixinStandardHelpOptions = true,
        description = "ChatGuard staff console: alert queues, held messages, audit, retention.",
        subcommands = {ConsoleCli.Serve.class, ConsoleCli.Demo.class, ConsoleCli.HashPassword.class})
public final class ConsoleCli {

    public static void main(String[] args) {
        System.exit(new CommandLine(new ConsoleCli()).execute(args));
    }

    static class Common {
        @Option(names = "--data-dir", description = "RocksDB directory of the alert store (default: ${DEFAULT-VALUE})", defaultValue = "console-data")
        Path dataDir;
        @Option(names = "--users", description = "users/tokens file (see README, 'Staff console')")
        Path users;
        @Option(names = "--bind", description = "address to listen on (default: ${DEFAULT-VALUE})", defaultValue = "127.0.0.1")
        String bind;
        @Option(names = "--port", defaultValue = "8090", description = "HTTP port (default: ${DEFAULT-VALUE}); put TLS in front of it")
        int port;
        @Option(names = "--topic-prefix", defaultValue = "")
        String topicPrefix;
        @Option(names = "--group-id", defaultValue = "chatguard-console")
        String groupId;
        @Option(names = "--safeguarding-retention", defaultValue = "P2192D", description = "alerts and notes (default: six years)")
        Duration safeguardingRetention;
        @Option(names = "--chat-retention", defaultValue = "P365D", description = "evidence excerpts, held messages (default: one year)")
        Duration chatRetention;
        @Option(names = "--retention-every", defaultValue = "PT24H")
        Duration retentionEvery;
        @Option(names = "--session-idle", defaultValue = "PT30M")
        Duration sessionIdle;
        @Option(names = "--max-ingest-lag", defaultValue = "1000",
                description = "records alert intake may be behind before /readyz fails and pages show a banner (default: ${DEFAULT-VALUE})")
        long maxIngestLag;
        @Option(names = "--mute-duration", defaultValue = "PT24H",
                description = "how long a mute sent from the console lasts (default: ${DEFAULT-VALUE})")
        Duration muteDuration;
        @Option(names = "--context-before", defaultValue = "10",
                description = "messages shown before each evidence message on an alert's context view (default: ${DEFAULT-VALUE})")
        int contextBefore;
        @Option(names = "--context-after", defaultValue = "5",
                description = "messages shown after each evidence message (default: ${DEFAULT-VALUE})")
        int contextAfter;
        @Option(names = "--context-per-conversation", defaultValue = "" + AlertStore.DEFAULT_CONTEXT_PER_CONVERSATION,
                description = "newest messages kept per conversation for context; chat retention deletes them after a year (default: ${DEFAULT-VALUE})")
        int contextPerConversation;
        @Option(names = "--tls-keystore", description = "PKCS12 keystore: serve HTTPS (recommended; the session cookie is Secure)")
        Path tlsKeystore;
        @Option(names = "--tls-password-file", description = "file holding the keystore password")
        Path tlsPasswordFile;

        javax.net.ssl.SSLContext tls() throws Exception {
            if (tlsKeystore == null) {
                return null;
            }
            char[] pw = tlsPasswordFile == null ? new char[0] : Files.readString(tlsPasswordFile).strip().toCharArray();
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(tlsKeystore)) {
                ks.load(in, pw);
            }
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        }

        ConsoleApp.Settings settings(Properties kafka, Users u) throws Exception {
            return new ConsoleApp.Settings(kafka, Topics.withPrefix(topicPrefix), groupId, dataDir, u,
                    new InetSocketAddress(bind, port), new RetentionPolicy(safeguardingRetention, chatRetention),
                    retentionEvery, sessionIdle, tls(), maxIngestLag, muteDuration,
                    new ConsoleService.ContextWindow(contextBefore, contextAfter), contextPerConversation);
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the console against a Kafka cluster.")
    static final class Serve extends Common implements Callable<Integer> {
        @Option(names = "--bootstrap-servers", required = true)
        String bootstrap;
        @Option(names = "--kafka-property", description = "K=V passed to every Kafka client (security settings)")
        Map<String, String> kafkaProps = Map.of();

        @Override
        public Integer call() throws Exception {
            if (users == null) {
                System.err.println("--users FILE is required");
                return 2;
            }
            Properties p = new Properties();
            p.putAll(kafkaProps);
            p.put("bootstrap.servers", bootstrap);
            try (ConsoleApp app = ConsoleApp.start(settings(p, Users.load(users)))) {
                System.out.println("ChatGuard console on " + (tlsKeystore == null ? "http" : "https") + "://" + bind + ":" + app.port() + "/");
                awaitShutdown();
            }
            return 0;
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Embedded Kafka broker, the real ChatGuard job in a child process (when built) fed the bundled "
                    + "sample traffic, a held message, and the console with demo users (passwords printed).")
    static final class Demo extends Common implements Callable<Integer> {
        @Option(names = "--no-pipeline", description = "do not start the job; publish sample alerts directly instead")
        boolean noPipeline;

        @Override
        public Integer call() throws Exception {
            Path dir = Files.createTempDirectory("chatguard-console-demo");
            dataDir = dir.resolve("store");
            List<String> lines = new ArrayList<>();
            for (String[] u : new String[][] {{"mod", "MODERATOR"}, {"coun", "COUNSELLOR"}, {"safe", "SAFEGUARDING"}, {"admin", "ADMIN"}}) {
                lines.add("user " + u[0] + " " + u[1] + " " + Passwords.hash((u[0] + "-demo").toCharArray(), 20_000));
            }
            Path home = Path.of(System.getProperty("chatguard.home", "."));
            Path launcher = home.resolve("bin/chatguard");
            Path traffic = home.resolve("pipeline/src/main/resources/org/chatguard/pipeline/demo/sample-traffic.jsonl");
            boolean pipeline = !noPipeline && Files.isExecutable(launcher) && Files.isRegularFile(traffic)
                    && Files.isRegularFile(home.resolve("pipeline/target/launcher-classpath.txt"));
            try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
                Topics topics = Topics.withPrefix(topicPrefix);
                kafka.createTopics(topics, 1);
                Process job = null;
                try {
                    if (pipeline) {
                        // the job in its own JVM: its classpath has Flink's frocksdbjni, this one has rocksdbjni
                        job = new ProcessBuilder(launcher.toString(), "run", "--bootstrap-servers", kafka.bootstrapServers(),
                                "--topic-prefix", topicPrefix, "--checkpoint-interval", "PT1S")
                                .redirectErrorStream(true).redirectOutput(dir.resolve("pipeline.log").toFile()).start();
                        Process running = job;
                        Runtime.getRuntime().addShutdownHook(new Thread(running::destroy));
                        sendTraffic(kafka.clientProperties(), topics, traffic);
                        System.out.println("ChatGuard job started (log: " + dir.resolve("pipeline.log") + "); sample traffic sent");
                    }
                    seed(kafka.clientProperties(), topics, !pipeline);
                    try (ConsoleApp app = ConsoleApp.start(settings(kafka.clientProperties(), Users.parse(lines)))) {
                        System.out.println("ChatGuard console demo on http://" + ("127.0.0.1".equals(bind) ? "localhost" : bind) + ":" + app.port() + "/");
                        System.out.println("users: mod/mod-demo (MODERATOR), coun/coun-demo (COUNSELLOR), safe/safe-demo (SAFEGUARDING), admin/admin-demo (ADMIN)");
                        System.out.println("Chromium treats http://localhost as secure, so the Secure session cookie works there; elsewhere use --tls-keystore.");
                        awaitShutdown();
                    }
                } finally {
                    if (job != null) {
                        job.destroy();
                        job.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
                    }
                }
            }
            return 0;
        }

        /** The pipeline demo's bundled sample traffic, stamped with the current time, to the input topics. */
        private static void sendTraffic(Properties props, Topics topics, Path traffic) throws IOException {
            Instant t = Instant.now();
            try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
                for (String line : Files.readAllLines(traffic, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    var n = (com.fasterxml.jackson.databind.node.ObjectNode) EventJson.mapper().readTree(line);
                    t = t.plusMillis(100);
                    n.put("sentAt", t.toString());
                    ContentKind kind = ContentKind.valueOf(n.path("kind").asText("CHAT"));
                    send(p, topics.inputFor(kind), n.path("conversationId").asText(), EventJson.mapper().writeValueAsString(n));
                }
            }
        }

        /** A held message always (the default rule pack holds nothing); sample alerts only without the job. */
        private static void seed(Properties props, Topics topics, boolean alerts) {
            Instant t = Instant.now().minusSeconds(600);
            try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
                send(p, topics.decisions(), "general-1", EventJson.toJson(new Decision("m-1900", ContentKind.CHAT, "general-1", "u-tom",
                        Action.HOLD, "meet me at the park after school", List.of(Category.PERSONAL_INFO),
                        List.of(new RuleMatch("pi.meet", Category.PERSONAL_INFO, 3, Action.HOLD, 0, 7, null)), List.of(),
                        "en-default-2026.11.1", t, t)));
                if (!alerts) {
                    return;
                }
                send(p, topics.chatMessages(), "bubble-7", "{\"id\":\"m-1842\",\"conversationId\":\"bubble-7\",\"senderId\":\"u-ivy\","
                        + "\"recipientIds\":[\"u-hana\"],\"text\":\"sometimes i want to kill myself\",\"sentAt\":\"" + t + "\"}");
                send(p, topics.staffAlerts(), "al-demo-sh", EventJson.toJson(new StaffAlert("al-demo-sh", 1, Tier.COUNSELLOR, Category.SELF_HARM,
                        "bubble-7", List.of("u-ivy", "u-hana"), List.of("self-harm: suicidal thoughts (rule sh.suicide)"),
                        List.of(new Evidence("m-1842", "u-ivy", "sometimes i want to kill myself", t)), "en-default-2026.11.1", t, t)
                        .withClock(t.plus(Duration.ofMinutes(30)), false)));
                send(p, topics.staffAlerts(), "al-demo-gr", EventJson.toJson(new StaffAlert("al-demo-gr", 2, Tier.SAFEGUARDING, Category.GROOMING,
                        "pm-9", List.of("u-zed", "u-amy"), List.of("grooming: secrecy (rule gr.secret)", "grooming: meeting (rule gr.meet)"),
                        List.of(new Evidence("m-2001", "u-zed", "this is our secret ok", t.plusSeconds(60))), "en-default-2026.11.1",
                        t.plusSeconds(60), t.plusSeconds(120)).withClock(t.plusSeconds(60).plus(Duration.ofMinutes(15)), false)));
                send(p, topics.staffAlerts(), "al-demo-pr", EventJson.toJson(new StaffAlert("al-demo-pr", 1, Tier.MODERATOR, Category.PROFANITY,
                        "general-1", List.of("u-ben"), List.of("profanity (rule prof.fuck)"),
                        List.of(new Evidence("m-1843", "u-ben", "this homework is ******* impossible", t)), "en-default-2026.11.1", t, t)
                        .withClock(t.plus(Duration.ofHours(4)), false)));
                // the conversations around the evidence, as the site displayed them (the job sends these as decisions)
                String[][] shown = {
                        {"m-1841", "bubble-7", "u-hana", "bubble", "how are you ivy"},
                        {"m-1842", "bubble-7", "u-ivy", "bubble", "sometimes i want to kill myself"},
                        {"m-1844", "bubble-7", "u-hana", "bubble", "please talk to someone"},
                        {"m-2000", "pm-9", "u-zed", "private", "you are so mature for your age"},
                        {"m-2001", "pm-9", "u-zed", "private", "this is our secret ok"},
                        {"m-1843", "general-1", "u-ben", "general", "this homework is ******* impossible"}};
                for (int i = 0; i < shown.length; i++) {
                    String[] x = shown[i];
                    Instant at = t.plusSeconds(i * 20L);
                    send(p, topics.decisions(), x[1], EventJson.toJson(new Decision(x[0], ContentKind.CHAT, x[1], x[2],
                            x[4].contains("*") ? Action.MASK : Action.ALLOW, x[4], List.of(), List.of(), List.of(),
                            "en-default-2026.11.1", at, at, null, x[3])));
                }
            }
        }

        private static void send(KafkaProducer<String, byte[]> p, String topic, String key, String json) {
            try {
                p.send(new ProducerRecord<>(topic, key, json.getBytes(StandardCharsets.UTF_8))).get();
            } catch (Exception e) {
                throw new IllegalStateException("demo seed failed", e);
            }
        }
    }

    @Command(name = "hash-password", mixinStandardHelpOptions = true,
            description = "Read a password (twice, not echoed) and print a users-file line for it.")
    static final class HashPassword implements Callable<Integer> {
        @CommandLine.Parameters(index = "0", description = "user name")
        String name;
        @CommandLine.Parameters(index = "1", description = "role: MODERATOR | COUNSELLOR | SAFEGUARDING | ADMIN")
        Role role;
        @Option(names = "--token", description = "generate an API token instead (printed once; only its hash is stored)")
        boolean token;

        @Override
        public Integer call() throws IOException {
            if (token) {
                String t = Passwords.randomToken();
                System.err.println("API token (shown once): " + t);
                System.out.println("token " + name + " " + role + " " + Passwords.sha256(t));
                return 0;
            }
            Console c = System.console();
            if (c == null) {
                System.err.println("needs a terminal to read the password");
                return 2;
            }
            char[] a = c.readPassword("password: ");
            char[] b = c.readPassword("again: ");
            if (a == null || !java.util.Arrays.equals(a, b) || a.length < 12) {
                System.err.println("passwords differ or shorter than 12 characters");
                return 2;
            }
            System.out.println("user " + name + " " + role + " " + Passwords.hash(a));
            return 0;
        }
    }

    static void awaitShutdown() throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(latch::countDown));
        latch.await();
    }
}
