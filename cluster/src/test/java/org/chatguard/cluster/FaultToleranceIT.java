package org.chatguard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.json.EventJson;
import org.chatguard.connectors.kafka.EmbeddedKafka;
import org.chatguard.model.Decision;
import org.chatguard.model.StaffAlert;

/**
 * Faults on the real thing: the multi-process Flink cluster and a Kafka broker in its own JVM, while
 * chat traffic keeps flowing. In turn: a TaskManager running the job is killed with SIGKILL, the broker
 * is killed and restarted, and the job is stopped with a savepoint and resumed from it with a changed
 * rule pack. Afterwards every message sent has a decision (duplicates only from the at-least-once
 * decision path, and then identical), every alert update arrived exactly once, and decisions after the
 * resume carry the new pack's version. The counts and recovery times are printed for the record.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class FaultToleranceIT {

    private static final Path DIR = Path.of(System.getProperty("chatguard.faultDir", "target/it-faults")).toAbsolutePath();
    private static final Path CLUSTER = DIR.resolve("cluster");
    private static final String PREFIX = "ft.";
    private static final int PER_PHASE = 500;
    private static final int MESSAGES = 4 * PER_PHASE;
    private static final long SEND_INTERVAL_MS = 8;

    static final String CHANGED_PACK = """
            version: "ft-2"
            description: "fault test: a different pack for the resumed job"
            rules:
              - id: ft.swear
                category: profanity
                severity: 2
                action: mask
                reason: "swearing"
                terms: ["shit"]
              - id: ft.self-harm
                category: self_harm
                severity: 4
                action: alert
                alert: counsellor
                reason: "suicidal thoughts"
                terms: ["kill myself"]
            """;

    private static KafkaBrokerProcess broker;
    private static int restPort;

    @BeforeAll
    static void start() throws Exception {
        ClusterScript.deleteRecursively(DIR);
        Files.createDirectories(DIR);
        broker = new KafkaBrokerProcess(DIR.resolve("kafka"), Files.readString(Path.of(System.getProperty("chatguard.kafkaClasspath"))).strip());
        broker.start();
        EmbeddedKafka.createTopics(clientProps(), Topics.withPrefix(PREFIX), 2);
        restPort = KafkaBrokerProcess.freePort();
        ClusterScript.Result r = ClusterScript.run(DIR, Duration.ofMinutes(4), "start", "--dir", CLUSTER.toString(), "--taskmanagers", "3", "--slots", "1",
                "--rest-port", Integer.toString(restPort), "--rpc-port", Integer.toString(KafkaBrokerProcess.freePort()),
                "--metrics-ports", KafkaBrokerProcess.freePort() + "," + KafkaBrokerProcess.freePort() + ","
                        + KafkaBrokerProcess.freePort() + "," + KafkaBrokerProcess.freePort(),
                // notice a killed TaskManager in seconds rather than the default 50 s
                "--conf", "heartbeat.interval=1000", "--conf", "heartbeat.timeout=6000",
                "--conf", "restart-strategy.type=fixed-delay", "--conf", "restart-strategy.fixed-delay.attempts=1000",
                "--conf", "restart-strategy.fixed-delay.delay=1 s");
        assertEquals(0, r.code(), r.output());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            ClusterScript.run(DIR, Duration.ofMinutes(1), "stop", "--dir", CLUSTER.toString());
        } finally {
            ClusterScript.killAll(CLUSTER);
            if (broker != null) {
                broker.close();
            }
        }
    }

    @Test
    void noLossNoDuplicateAlertsThroughTaskManagerKillBrokerRestartAndSavepointResume() throws Exception {
        Topics topics = Topics.withPrefix(PREFIX);
        String jobId = submit(null, null);

        Map<String, List<Decision>> decisions = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> alertUpdates = new ConcurrentHashMap<>();
        Map<String, StaffAlert> alerts = new ConcurrentHashMap<>();
        Map<Integer, Long> sentAtNanos = new ConcurrentHashMap<>();
        Map<String, Long> decidedAtNanos = new ConcurrentHashMap<>();
        Map<String, Long> recovery = new TreeMap<>();

        try (KafkaProducer<String, byte[]> producer = producer(); KafkaConsumer<byte[], byte[]> reader = reader(topics)) {
            Thread readerThread = new Thread(() -> readLoop(reader, topics, decisions, decidedAtNanos, alerts, alertUpdates));
            readerThread.setDaemon(true);
            readerThread.start();

            send(producer, topics, 0, PER_PHASE, sentAtNanos);

            // 1. SIGKILL a TaskManager that runs part of the job
            String tm = busyTaskManager(jobId);
            long t = System.nanoTime();
            ProcessHandle.of(Long.parseLong(Files.readString(CLUSTER.resolve("pids/" + tm.replace("tm-", "taskmanager-") + ".pid")).trim()))
                    .orElseThrow().destroyForcibly();
            int from = PER_PHASE;
            send(producer, topics, from, 2 * PER_PHASE, sentAtNanos);
            recovery.put("taskmanager " + tm + " killed", firstDecisionAfter(from, t, decidedAtNanos));

            // 2. SIGKILL the broker, start it again on the same ports and data
            t = System.nanoTime();
            broker.kill();
            Thread.sleep(3000);
            broker.start();
            from = 2 * PER_PHASE;
            send(producer, topics, from, 3 * PER_PHASE, sentAtNanos);
            recovery.put("broker killed and restarted", firstDecisionAfter(from, t, decidedAtNanos));

            // 3. stop with a savepoint, resume from it with a changed rule pack
            t = System.nanoTime();
            ClusterScript.Result stop = ClusterScript.run(DIR, Duration.ofMinutes(3), "flink", "--dir", CLUSTER.toString(), "stop", "--savepointPath",
                    "file://" + CLUSTER.resolve("savepoints"), jobId);
            assertEquals(0, stop.code(), stop.output());
            Matcher sp = Pattern.compile("Savepoint completed\\. Path: (\\S+)").matcher(stop.output());
            assertTrue(sp.find(), stop.output());
            Path pack = DIR.resolve("changed-pack.yaml");
            Files.writeString(pack, CHANGED_PACK);
            from = 3 * PER_PHASE;
            Thread sender = new Thread(() -> send(producer, topics, 3 * PER_PHASE, MESSAGES, sentAtNanos));
            sender.start(); // the site keeps writing while the job is down
            jobId = submit(sp.group(1), pack);
            sender.join();
            recovery.put("stop with savepoint, resume with a new rule pack", firstDecisionAfter(from, t, decidedAtNanos));

            assertTrue(ClusterScript.waitFor(Duration.ofMinutes(4), () -> allDecided(decisions)),
                    "decided " + decisions.size() + " of " + MESSAGES);
            Thread.sleep(5000); // alerts commit with the next checkpoint; let stragglers and duplicates arrive
            readerThread.interrupt();
            readerThread.join(10_000);
        }

        // every message decided; duplicates only as identical copies
        List<String> missing = new ArrayList<>();
        int duplicates = 0;
        for (int i = 0; i < MESSAGES; i++) {
            List<Decision> ds = decisions.get(id(i));
            if (ds == null) {
                missing.add(id(i));
                continue;
            }
            duplicates += ds.size() - 1;
            for (Decision d : ds) {
                assertTrue(sameContent(ds.get(0), d), "a replayed decision differs: " + ds);
            }
        }
        assertTrue(missing.isEmpty(), "messages without a decision: " + missing);

        // every alert update exactly once, and every self-harm conversation alerted
        List<String> doubled = alertUpdates.entrySet().stream().filter(e -> e.getValue().get() != 1).map(Map.Entry::getKey).toList();
        assertTrue(doubled.isEmpty(), "alert updates delivered more than once: " + doubled);
        Set<String> alertedSelfHarm = new java.util.TreeSet<>();
        alerts.values().stream().filter(a -> a.conversationId().startsWith("sh-")).forEach(a -> alertedSelfHarm.add(a.conversationId()));
        Set<String> expectedSelfHarm = new java.util.TreeSet<>();
        for (int i = 0; i < MESSAGES; i += 20) {
            expectedSelfHarm.add("sh-" + i);
        }
        assertEquals(expectedSelfHarm, alertedSelfHarm, "one alert for every self-harm conversation");

        // the resumed job moderates with the new pack
        assertEquals("ft-2", decisions.get(id(MESSAGES - 1)).get(0).rulePackVersion());

        System.out.printf("fault test: %d messages sent, %d decided, %d duplicate decisions (at-least-once path), "
                + "%d alerts (%d alert updates, none twice)%n", MESSAGES, decisions.size(), duplicates, alerts.size(), alertUpdates.size());
        recovery.forEach((fault, ms) -> System.out.printf("  recovery after %s: first new decision %.1f s later%n", fault, ms / 1000.0));
        Files.writeString(DIR.resolve("fault-report.txt"), "messages=" + MESSAGES + " decided=" + decisions.size()
                + " duplicates=" + duplicates + " alerts=" + alerts.size() + " alertUpdates=" + alertUpdates.size()
                + " recoveryMs=" + recovery + "\n");
    }

    // ---- traffic

    private static String id(int i) {
        return "ft-" + i;
    }

    /** Every 20th message opens its own self-harm conversation (one alert each); every 7th swears. */
    private static byte[] message(int i) {
        String conv = i % 20 == 0 ? "sh-" + i : "c-" + (i % 50);
        String text = i % 20 == 0 ? "sometimes i want to kill myself" : i % 7 == 0 ? "this is shit" : "see you at practice " + i;
        return ("{\"id\":\"" + id(i) + "\",\"conversationId\":\"" + conv + "\",\"senderId\":\"u-" + (i % 80) + "\",\"text\":\""
                + text + "\",\"sentAt\":\"" + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static void send(KafkaProducer<String, byte[]> producer, Topics topics, int from, int to, Map<Integer, Long> sent) {
        for (int i = from; i < to; i++) {
            byte[] m = message(i);
            String key = i % 20 == 0 ? "sh-" + i : "c-" + (i % 50);
            producer.send(new ProducerRecord<>(topics.chatMessages(), key, m));
            sent.put(i, System.nanoTime());
            try {
                Thread.sleep(SEND_INTERVAL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        producer.flush();
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = clientProps();
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        // ride out the broker restart: retry for minutes instead of failing the send
        p.put("delivery.timeout.ms", "300000");
        p.put("request.timeout.ms", "10000");
        p.put("max.block.ms", "300000");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<byte[], byte[]> reader(Topics topics) {
        Properties c = clientProps();
        c.put("group.id", "ft-reader-" + UUID.randomUUID());
        c.put("auto.offset.reset", "earliest");
        c.put("isolation.level", "read_committed");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topics.decisions(), topics.staffAlerts()));
        return consumer;
    }

    private static void readLoop(KafkaConsumer<byte[], byte[]> consumer, Topics topics, Map<String, List<Decision>> decisions,
                                 Map<String, Long> decidedAt, Map<String, StaffAlert> alerts, Map<String, AtomicInteger> updates) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals(topics.decisions())) {
                        Decision d = EventJson.decision(r.value());
                        decisions.computeIfAbsent(d.id(), k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(d);
                        decidedAt.putIfAbsent(d.id(), System.nanoTime());
                    } else {
                        StaffAlert a = EventJson.alert(r.value());
                        updates.computeIfAbsent(a.alertId() + "#" + a.sequence(), k -> new AtomicInteger()).incrementAndGet();
                        alerts.merge(a.alertId(), a, (x, y) -> y.sequence() >= x.sequence() ? y : x);
                    }
                }
            } catch (org.apache.kafka.common.errors.InterruptException e) {
                return;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                // the broker is down for a moment: keep reading
            }
        }
    }

    private static boolean allDecided(Map<String, List<Decision>> decisions) {
        for (int i = 0; i < MESSAGES; i++) {
            if (!decisions.containsKey(id(i))) {
                return false;
            }
        }
        return true;
    }

    /** Milliseconds from the fault until the first decision for a message sent after it. */
    private static long firstDecisionAfter(int fromMessage, long faultNanos, Map<String, Long> decidedAt) throws InterruptedException {
        ClusterScript.waitFor(Duration.ofMinutes(3), () -> decidedAt.containsKey(id(fromMessage)));
        Long at = decidedAt.get(id(fromMessage));
        return at == null ? -1 : (at - faultNanos) / 1_000_000;
    }

    private static boolean sameContent(Decision a, Decision b) {
        return a.action() == b.action() && Objects.equals(a.displayText(), b.displayText())
                && a.categories().equals(b.categories()) && a.matches().equals(b.matches())
                && a.reasons().equals(b.reasons()) && Objects.equals(a.rulePackVersion(), b.rulePackVersion());
    }

    // ---- cluster

    private static String submit(String savepoint, Path pack) throws Exception {
        List<String> args = new ArrayList<>(List.of("submit", "--dir", CLUSTER.toString()));
        if (savepoint != null) {
            args.addAll(List.of("--from-savepoint", savepoint));
        }
        args.addAll(List.of("--bootstrap-servers", broker.bootstrapServers(), "--topic-prefix", PREFIX, "--group-id", "ft-job",
                "--parallelism", "2", "--checkpoint-interval", "PT1S", "--transactional-id-prefix", "ft-tx"));
        if (pack != null) {
            args.addAll(List.of("--rule-pack", pack.toString()));
        }
        ClusterScript.Result r = ClusterScript.run(DIR, Duration.ofMinutes(3), args.toArray(String[]::new));
        assertEquals(0, r.code(), r.output());
        Matcher m = Pattern.compile("JobID ([0-9a-f]{32})").matcher(r.output());
        assertTrue(m.find(), r.output());
        String jobId = m.group(1);
        assertTrue(ClusterScript.waitFor(Duration.ofMinutes(2), () -> allTasksRunning(jobId)), "job " + jobId + " never ran");
        return jobId;
    }

    private static boolean allTasksRunning(String jobId) {
        try {
            JsonNode job = rest("/jobs/" + jobId);
            if (!"RUNNING".equals(job.path("state").asText())) {
                return false;
            }
            for (JsonNode v : job.path("vertices")) {
                if (!"RUNNING".equals(v.path("status").asText()) && !"FINISHED".equals(v.path("status").asText())) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** The resource id of a TaskManager that runs a subtask of the job's first vertex. */
    private static String busyTaskManager(String jobId) throws Exception {
        JsonNode job = rest("/jobs/" + jobId);
        for (JsonNode v : job.path("vertices")) {
            JsonNode tms = rest("/jobs/" + jobId + "/vertices/" + v.path("id").asText() + "/taskmanagers").path("taskmanagers");
            for (JsonNode tm : tms) {
                String id = tm.path("taskmanager-id").asText();
                if (id.startsWith("tm-")) {
                    return id;
                }
            }
        }
        throw new AssertionError("no TaskManager runs the job: " + job);
    }

    private static JsonNode rest(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return EventJson.mapper().readTree(r.body());
    }

    private static Properties clientProps() {
        Properties p = new Properties();
        p.put("bootstrap.servers", broker.bootstrapServers());
        return p;
    }
}
