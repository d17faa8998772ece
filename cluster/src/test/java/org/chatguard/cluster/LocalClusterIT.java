package org.chatguard.cluster;

import static org.chatguard.pipeline.metrics.ChatGuardMetrics.ACTION;
import static org.chatguard.pipeline.metrics.ChatGuardMetrics.ALERTS;
import static org.chatguard.pipeline.metrics.ChatGuardMetrics.DEAD_LETTERS;
import static org.chatguard.pipeline.metrics.ChatGuardMetrics.DECISIONS;
import static org.chatguard.pipeline.metrics.ChatGuardMetrics.DECISION_LATENCY_BUCKET;
import static org.chatguard.pipeline.metrics.ChatGuardMetrics.KIND;
import static org.chatguard.pipeline.metrics.ChatGuardMetrics.LE;
import static org.chatguard.pipeline.metrics.ChatGuardMetrics.MESSAGES_IN;
import static org.chatguard.pipeline.metrics.ChatGuardMetrics.REASON;
import static org.chatguard.pipeline.metrics.ChatGuardMetrics.TIER;
import static org.chatguard.pipeline.metrics.ChatGuardMetrics.prometheusName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.json.EventJson;
import org.chatguard.connectors.kafka.EmbeddedKafka;
import org.chatguard.model.Action;
import org.chatguard.model.ContentKind;
import org.chatguard.model.Decision;
import org.chatguard.model.StaffAlert;
import org.chatguard.model.Tier;
import org.chatguard.pipeline.metrics.ChatGuardMetrics;
import org.chatguard.pipeline.metrics.Prometheus;

/**
 * The operators' path end to end: {@code bin/chatguard-cluster start} brings up a JobManager and two
 * TaskManagers as separate JVMs (Maven-resolved Flink jars, RocksDB, checkpoints in a local directory),
 * {@code bin/chatguard-cluster submit} hands the shaded job jar to Flink's CLI frontend, messages go
 * through a real Kafka broker (in this JVM), decisions and alerts are read back, and each process's
 * Prometheus endpoint is scraped over HTTP: the counters must have moved by exactly the right amounts.
 * A real Prometheus (Debian package) scrapes the cluster with the compose stack's configuration and
 * rules, and every query of the Grafana dashboard must return data from it while traffic flows.
 * Loopback only, ports picked at runtime, every process stopped (and killed if need be) at the end.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterIT {

    private static final Path DIR = Path.of(System.getProperty("chatguard.clusterDir", "target/it-cluster")).toAbsolutePath();
    private static final String PREFIX = "it.";
    private static final int SETS = 4;

    private static EmbeddedKafka kafka;
    private static int restPort;
    private static int[] promPorts;
    private static Thread killer;
    private static PrometheusServer prometheus;
    private static String prometheusMissing;
    /** The job the first test leaves running (resubmitted from its savepoint), for the Prometheus test. */
    private static String runningJob;

    @BeforeAll
    static void startEverything() throws Exception {
        Path jar = Path.of(System.getProperty("chatguard.jobJar", "missing"));
        assertTrue(Files.isRegularFile(jar), "job jar " + jar + " missing: build with mvn package (mvn -B verify does)");
        ClusterScript.deleteRecursively(DIR);
        Files.createDirectories(DIR);
        killer = new Thread(() -> ClusterScript.killAll(DIR));
        Runtime.getRuntime().addShutdownHook(killer);

        kafka = EmbeddedKafka.start();

        restPort = Prometheus.freePort();
        int rpcPort = Prometheus.freePort();
        promPorts = new int[] {Prometheus.freePort(), Prometheus.freePort(), Prometheus.freePort()};
        long t0 = System.nanoTime();
        ClusterScript.Result start = ClusterScript.run(DIR, Duration.ofMinutes(4), "start", "--dir", DIR.toString(), "--taskmanagers", "2", "--slots", "1",
                "--rest-port", Integer.toString(restPort), "--rpc-port", Integer.toString(rpcPort),
                "--metrics-ports", promPorts[0] + "," + promPorts[1] + "," + promPorts[2]);
        assertEquals(0, start.code(), start.output());
        System.out.printf("cluster started in %.1f s%n%s%n", (System.nanoTime() - t0) / 1e9, start.output());

        // the job jar's create-topics on the cluster classpath (no embedded broker there), as the Docker image runs it
        ClusterScript.Result topics = ClusterScript.run(DIR, Duration.ofMinutes(2), "chatguard", "--dir", DIR.toString(), "create-topics",
                "--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix", PREFIX, "--partitions", "2");
        assertEquals(0, topics.code(), topics.output());

        // Prometheus from the Debian package with the compose stack's scrape configuration and alert rules
        Optional<Path> binary = PrometheusServer.binary();
        if (binary.isEmpty()) {
            prometheusMissing = "no prometheus binary on the PATH (.ci/run installs Debian's prometheus package)";
        } else {
            prometheus = PrometheusServer.start(binary.get(), DIR.resolve("prometheus"), Prometheus.freePort(), Map.of(
                    "flink-jobmanager", List.of("localhost:" + promPorts[0]),
                    "flink-taskmanager", List.of("localhost:" + promPorts[1], "localhost:" + promPorts[2])));
        }
    }

    @AfterAll
    static void stopEverything() throws Exception {
        try {
            ClusterScript.Result stop = ClusterScript.run(DIR, Duration.ofMinutes(1), "stop", "--dir", DIR.toString());
            System.out.println(stop.output());
        } finally {
            if (prometheus != null) {
                prometheus.close();
            }
            ClusterScript.killAll(DIR);
            if (killer != null) {
                Runtime.getRuntime().removeShutdownHook(killer);
            }
            if (kafka != null) {
                kafka.close();
            }
        }
    }

    @Test
    @Order(1)
    void jobOnTheMultiProcessClusterModeratesAndReportsToPrometheus() throws Exception {
        long t0 = System.nanoTime();
        String[] runArgs = {"--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix", PREFIX, "--group-id", "it-job",
                "--parallelism", "2", "--checkpoint-interval", "PT1S", "--transactional-id-prefix", "it-tx"};
        ClusterScript.Result submit = ClusterScript.run(DIR, Duration.ofMinutes(3), concat(new String[] {"submit", "--dir", DIR.toString()}, runArgs));
        assertEquals(0, submit.code(), submit.output());
        assertTrue(submit.output().contains("Job has been submitted with JobID"), submit.output());
        System.out.printf("job submitted in %.1f s%n", (System.nanoTime() - t0) / 1e9);

        Topics topics = Topics.withPrefix(PREFIX);
        Map<String, Decision> decisions = new HashMap<>();
        Map<String, StaffAlert> alerts = new HashMap<>();
        List<byte[]> dead = new ArrayList<>();
        Properties p = kafka.clientProperties();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
             KafkaConsumer<byte[], byte[]> consumer = reader(p, topics)) {
            for (int s = 0; s < SETS; s++) {
                send(producer, topics.chatMessages(), "general-" + s, msg("c1-" + s, "general-" + s, "u-amy", "hello everyone"));
                send(producer, topics.chatMessages(), "general-" + s, msg("c2-" + s, "general-" + s, "u-ben", "this homework is fucking impossible"));
                send(producer, topics.chatMessages(), "bubble-" + s, msg("c3-" + s, "bubble-" + s, "u-ivy", "sometimes i want to kill myself"));
                send(producer, topics.privateMessages(), "pm-" + s, msg("p1-" + s, "pm-" + s, "u-pip", "just go kill yourself"));
                send(producer, topics.blogPosts(), "blog-" + s, msg("b1-" + s, "blog-" + s, "u-tom", "what a load of shit"));
                send(producer, topics.chatMessages(), "x-" + s, "this is not json".getBytes(StandardCharsets.UTF_8));
                send(producer, topics.blogPosts(), "y-" + s, ("{\"id\":\"t" + s + "\",\"conversationId\":\"c\",\"senderId\":\"u\","
                        + "\"text\":42,\"sentAt\":\"2026-11-27T09:00:00Z\"}").getBytes(StandardCharsets.UTF_8));
            }
            producer.flush();
            long t1 = System.nanoTime();

            Map<Tier, Double> alertMetric = new EnumMap<>(Tier.class);
            List<Prometheus.Sample>[] scraped = new List[3];
            boolean done = ClusterScript.waitFor(Duration.ofMinutes(3), () -> {
                poll(consumer, topics, decisions, alerts, dead);
                if (decisions.size() < 5 * SETS || dead.size() < 2 * SETS) {
                    return false;
                }
                try {
                    for (int i = 0; i < 3; i++) {
                        scraped[i] = Prometheus.parse(Prometheus.scrape("localhost", promPorts[i]));
                    }
                } catch (Exception e) {
                    return false;
                }
                List<Prometheus.Sample> tms = Stream.concat(scraped[1].stream(), scraped[2].stream()).toList();
                for (Tier t : Tier.values()) {
                    alertMetric.put(t, Prometheus.sum(tms, prometheusName(TIER, ALERTS), TIER, t.name()));
                }
                double alertTotal = alertMetric.values().stream().mapToDouble(Double::doubleValue).sum();
                // exactly-once alerts show up at the next checkpoint commit; the counters move at once
                return alertTotal > 0 && alerts.size() == alertTotal
                        && Prometheus.sum(scraped[0], "flink_jobmanager_job_numberOfCompletedCheckpoints", null, null) > 0;
            });
            assertTrue(done, "timed out: decisions=" + decisions.size() + " dead=" + dead.size() + " alerts=" + alerts.size()
                    + " alert metric=" + alertMetric);
            System.out.printf("all decisions, dead letters and alerts read back in %.1f s%n", (System.nanoTime() - t1) / 1e9);

            // what came back through Kafka
            Map<Action, Long> byAction = decisions.values().stream().collect(Collectors.groupingBy(Decision::action, Collectors.counting()));
            assertEquals(Map.of(Action.ALLOW, 2L * SETS, Action.MASK, 2L * SETS, Action.BLOCK, 1L * SETS), byAction);

            // what the TaskManagers report: both run a subtask (parallelism 2, one slot each) and export every metric
            List<Prometheus.Sample> tms = Stream.concat(scraped[1].stream(), scraped[2].stream()).toList();
            for (int i = 1; i <= 2; i++) {
                Set<String> names = scraped[i].stream().map(Prometheus.Sample::name).collect(Collectors.toSet());
                for (String n : Stream.concat(ChatGuardMetrics.prometheusNames().stream(),
                        ChatGuardMetrics.statefulPrometheusNames().stream()).toList()) {
                    assertTrue(names.contains(n) || names.contains(n + "_count"), "TaskManager " + i + " does not export " + n);
                }
            }
            assertEquals(3.0 * SETS, Prometheus.sum(tms, prometheusName(KIND, MESSAGES_IN), KIND, ContentKind.CHAT.name()));
            assertEquals(1.0 * SETS, Prometheus.sum(tms, prometheusName(KIND, MESSAGES_IN), KIND, ContentKind.PRIVATE_MESSAGE.name()));
            assertEquals(1.0 * SETS, Prometheus.sum(tms, prometheusName(KIND, MESSAGES_IN), KIND, ContentKind.BLOG.name()));
            for (Action a : Action.values()) {
                assertEquals((double) byAction.getOrDefault(a, 0L), Prometheus.sum(tms, prometheusName(ACTION, DECISIONS), ACTION, a.name()), a.name());
            }
            assertEquals(1.0 * SETS, Prometheus.sum(tms, prometheusName(REASON, DEAD_LETTERS), REASON, "malformed-json"));
            assertEquals(1.0 * SETS, Prometheus.sum(tms, prometheusName(REASON, DEAD_LETTERS), REASON, "wrong-type"));
            assertEquals(2.0 * SETS, Prometheus.sum(tms, prometheusName(REASON, DEAD_LETTERS), null, null));
            Map<Tier, Long> alertsByTier = alerts.values().stream().collect(Collectors.groupingBy(StaffAlert::tier, Collectors.counting()));
            for (Tier t : Tier.values()) {
                assertEquals((double) alertsByTier.getOrDefault(t, 0L), alertMetric.get(t), t.name());
            }
            assertTrue(alertMetric.get(Tier.COUNSELLOR) >= 1, alertMetric.toString());
            assertEquals(5.0 * SETS, Prometheus.sum(tms, prometheusName(LE, DECISION_LATENCY_BUCKET), LE, "+Inf"));

            // Flink's own metrics the dashboard relies on exist on the real cluster too
            Set<String> all = new TreeSet<>();
            for (List<Prometheus.Sample> s : scraped) {
                s.forEach(x -> all.add(x.name()));
            }
            Files.write(DIR.resolve("metric-names.txt"), all);
            for (String n : ChatGuardMetrics.FLINK_METRICS_USED) {
                assertTrue(all.contains(n), n + " not exported (see " + DIR.resolve("metric-names.txt") + ")");
            }
            // checkpoints went to the local directory
            try (Stream<Path> files = Files.walk(DIR.resolve("checkpoints"))) {
                assertTrue(files.anyMatch(f -> f.getFileName().toString().equals("_metadata")), "no completed checkpoint on disk");
            }

            // upgrade: stop with a savepoint, submit the job jar again from it, and carry on where it stopped
            long t2 = System.nanoTime();
            ClusterScript.Result stop = ClusterScript.run(DIR, Duration.ofMinutes(3), "flink", "--dir", DIR.toString(), "stop", "--savepointPath",
                    DIR.resolve("savepoints").toString(), jobId(submit.output()));
            assertEquals(0, stop.code(), stop.output());
            Matcher sp = Pattern.compile("Savepoint completed\\. Path: (\\S+)").matcher(stop.output());
            assertTrue(sp.find(), stop.output());
            ClusterScript.Result resubmit = ClusterScript.run(DIR, Duration.ofMinutes(3),
                    concat(new String[] {"submit", "--dir", DIR.toString(), "--from-savepoint", sp.group(1)}, runArgs));
            assertEquals(0, resubmit.code(), resubmit.output());
            String newJob = jobId(resubmit.output());
            System.out.printf("stopped with savepoint and resubmitted in %.1f s%n", (System.nanoTime() - t2) / 1e9);
            send(producer, topics.chatMessages(), "general-0", msg("after-1", "general-0", "u-amy", "back again"));
            send(producer, topics.blogPosts(), "blog-0", msg("after-2", "blog-0", "u-tom", "what a load of shit"));
            producer.flush();
            List<Prometheus.Sample> after = new ArrayList<>();
            boolean resumed = ClusterScript.waitFor(Duration.ofMinutes(2), () -> {
                poll(consumer, topics, decisions, alerts, dead);
                if (!decisions.containsKey("after-1") || !decisions.containsKey("after-2")) {
                    return false;
                }
                after.clear();
                try {
                    for (int i = 1; i <= 2; i++) {
                        Prometheus.parse(Prometheus.scrape("localhost", promPorts[i])).stream()
                                .filter(x -> newJob.equals(x.label("job_id"))).forEach(after::add);
                    }
                } catch (Exception e) {
                    return false;
                }
                return Prometheus.sum(after, prometheusName(KIND, MESSAGES_IN), null, null) >= 2;
            });
            assertTrue(resumed, "no decisions after the upgrade: " + decisions.keySet().stream().filter(k -> k.startsWith("after")).toList());
            // the restored job read only the new records: its offsets came from the savepoint
            assertEquals(1.0, Prometheus.sum(after, prometheusName(KIND, MESSAGES_IN), KIND, ContentKind.CHAT.name()));
            assertEquals(1.0, Prometheus.sum(after, prometheusName(KIND, MESSAGES_IN), KIND, ContentKind.BLOG.name()));
            assertEquals(0.0, Prometheus.sum(after, prometheusName(REASON, DEAD_LETTERS), null, null));
            assertEquals(Action.MASK, decisions.get("after-2").action());
            runningJob = newJob;
        }
    }

    /**
     * Every PromQL expression of the Grafana dashboard returns at least one series from a real Prometheus
     * scraping the cluster while traffic flows (a panel whose query can never return data is a bug), the
     * alert rules load and evaluate without errors, every Flink metric they use exists, and no alert about
     * the job itself fires on a healthy cluster.
     */
    @Test
    @Order(2)
    void everyDashboardQueryReturnsDataFromARealPrometheus() throws Exception {
        Assumptions.assumeTrue(prometheus != null, () -> "skipped: " + prometheusMissing);
        assertTrue(runningJob != null, "the first test leaves the job running; it failed");
        JsonNode dash = new ObjectMapper().readTree(ClusterScript.HOME.resolve("docker/grafana/dashboards/chatguard.json").toFile());
        Map<String, String> queries = new java.util.LinkedHashMap<>();
        for (JsonNode panel : dash.get("panels")) {
            for (JsonNode t : panel.path("targets")) {
                queries.put(t.get("expr").asText(), panel.get("title").asText());
            }
        }
        assertTrue(queries.size() >= 20, "dashboard queries: " + queries.size());

        Topics topics = Topics.withPrefix(PREFIX);
        Map<String, String> empty = new java.util.TreeMap<>();
        Properties p = kafka.clientProperties();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            int[] n = {0};
            long t0 = System.nanoTime();
            // rate() over 1m needs two scrapes (5 s apart) of moving counters: keep traffic flowing, bounded at 3 minutes
            boolean all = ClusterScript.waitFor(Duration.ofMinutes(3), () -> {
                int i = n[0]++;
                send(producer, topics.chatMessages(), "prom-" + i % 4, msg("prom-c" + i, "prom-" + i % 4, "u-amy", "hello again"));
                send(producer, topics.chatMessages(), "prom-" + i % 4, msg("prom-d" + i, "prom-" + i % 4, "u-ben", "this is fucking hard"));
                send(producer, topics.blogPosts(), "prom-b", "not json".getBytes(StandardCharsets.UTF_8));
                producer.flush();
                empty.clear();
                for (Map.Entry<String, String> q : queries.entrySet()) {
                    try {
                        if (prometheus.query(q.getKey()).isEmpty()) {
                            empty.put(q.getValue(), q.getKey());
                        }
                    } catch (IOException | InterruptedException e) {
                        empty.put(q.getValue(), q.getKey() + " (" + e.getMessage() + ")");
                    }
                }
                return empty.isEmpty();
            });
            assertTrue(all, "dashboard queries without data after 3 minutes of traffic: " + empty
                    + "\nscrape targets: " + prometheus.targets());
            System.out.printf("all %d dashboard queries returned data from Prometheus after %.1f s%n", queries.size(), (System.nanoTime() - t0) / 1e9);
        }

        // the alert rules: loaded, evaluated without error, their Flink metrics exist, nothing about the job fires
        boolean evaluated = ClusterScript.waitFor(Duration.ofMinutes(1), () -> {
            try {
                for (JsonNode g : prometheus.ruleGroups()) {
                    for (JsonNode r : g.get("rules")) {
                        if (!"ok".equals(r.path("health").asText())) {
                            return false;
                        }
                    }
                }
                return true;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
        JsonNode groups = prometheus.ruleGroups();
        assertTrue(evaluated, "alert rules not all healthy: " + groups);
        Set<String> alertNames = new TreeSet<>();
        Set<String> flinkMetrics = new TreeSet<>();
        Pattern metric = Pattern.compile("\\bflink_[A-Za-z0-9_]+");
        for (JsonNode g : groups) {
            for (JsonNode r : g.get("rules")) {
                alertNames.add(r.get("name").asText());
                Matcher m = metric.matcher(r.get("query").asText());
                while (m.find()) {
                    flinkMetrics.add(m.group());
                }
            }
        }
        assertTrue(alertNames.containsAll(Set.of("ChatGuardDecisionsStopped", "ChatGuardEngineErrors", "ChatGuardSafeguardingAlertOverdue",
                "ChatGuardConsoleIngestDown", "ChatGuardJobRestarting", "ChatGuardCheckpointsFailing")), alertNames.toString());
        for (String m : flinkMetrics) {
            assertFalse(prometheus.query("count(" + m + ")").isEmpty(), "alert rules use " + m + ", which the cluster does not export");
        }
        for (String a : List.of("ChatGuardEngineErrors", "ChatGuardJobDown", "ChatGuardDecisionsStopped")) {
            assertTrue(prometheus.query("ALERTS{alertname=\"" + a + "\"}").isEmpty(), a + " fires on a healthy cluster");
        }
    }

    // ---- helpers

    private static String jobId(String cliOutput) {
        Matcher m = Pattern.compile("JobID ([0-9a-f]{32})").matcher(cliOutput);
        assertTrue(m.find(), cliOutput);
        return m.group(1);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static byte[] msg(String id, String conv, String sender, String text) {
        return ("{\"id\":\"" + id + "\",\"conversationId\":\"" + conv + "\",\"senderId\":\"" + sender + "\",\"text\":\""
                + text + "\",\"sentAt\":\"" + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    private static KafkaConsumer<byte[], byte[]> reader(Properties base, Topics topics) {
        Properties c = new Properties();
        c.putAll(base);
        c.put("group.id", "it-reader-" + UUID.randomUUID());
        c.put("auto.offset.reset", "earliest");
        c.put("isolation.level", "read_committed");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topics.decisions(), topics.staffAlerts(), topics.deadLetter()));
        return consumer;
    }

    private static void poll(KafkaConsumer<byte[], byte[]> consumer, Topics topics, Map<String, Decision> decisions,
                             Map<String, StaffAlert> alerts, List<byte[]> dead) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(300))) {
            try {
                read(r, topics, decisions, alerts, dead);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static void read(ConsumerRecord<byte[], byte[]> r, Topics topics, Map<String, Decision> decisions,
                             Map<String, StaffAlert> alerts, List<byte[]> dead) throws IOException {
        {
            if (r.topic().equals(topics.decisions())) {
                Decision d = EventJson.decision(r.value());
                decisions.put(d.id(), d);
            } else if (r.topic().equals(topics.staffAlerts())) {
                StaffAlert a = EventJson.alert(r.value());
                alerts.put(a.alertId() + "#" + a.sequence(), a);
            } else {
                dead.add(r.value());
            }
        }
    }

}
