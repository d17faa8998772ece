package org.chatguard.pipeline.demo;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.json.EventJson;
import org.chatguard.connectors.kafka.EmbeddedKafka;
import org.chatguard.connectors.kafka.KafkaSettings;
import org.chatguard.model.Action;
import org.chatguard.model.Decision;
import org.chatguard.model.DeadLetter;
import org.chatguard.model.StaffAlert;
import org.chatguard.pipeline.ChatGuardJob;
import org.chatguard.pipeline.JobConfig;
import org.chatguard.pipeline.metrics.MetricsSummary;
import org.chatguard.pipeline.metrics.Prometheus;

/**
 * The embedded default: a real Kafka broker in this JVM, the real job on an in-process Flink
 * MiniCluster, the bundled sample traffic, and a readable summary of what came back through Kafka.
 */
public final class Demo {

    /** Two records the site should never send, to show the dead-letter path. */
    static final byte[][] MALFORMED = {
            "{\"id\": \"broken-1\", \"text\": ".getBytes(StandardCharsets.UTF_8),
            "{\"id\":\"broken-2\",\"conversationId\":\"general-1\",\"senderId\":\"u-x\",\"sentAt\":\"2026-11-27T09:00:00Z\"}"
                    .getBytes(StandardCharsets.UTF_8),
    };

    private final PrintStream out;
    private int metricsPort = -1;

    public Demo(PrintStream out) {
        this.out = out;
    }

    /** Serve Flink's Prometheus reporter on this port while the demo runs (-1: off). */
    public Demo withMetricsPort(int port) {
        this.metricsPort = port;
        return this;
    }

    /** @return the process exit code: 0 when every message got its decision and staff were alerted */
    public int run(JobConfig cfg, int messages, Duration timeout) throws Exception {
        Topics topics = cfg.topics();
        out.println("ChatGuard demo: starting an embedded Kafka broker (KRaft) ...");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(topics, cfg.parallelism());
            out.println("  broker at " + kafka.bootstrapServers() + ", topics created");

            KafkaSettings settings = new KafkaSettings(kafka.bootstrapServers(), "chatguard-demo");
            Configuration flinkConf = new Configuration();
            if (metricsPort >= 0) {
                Prometheus.withReporter(flinkConf, Integer.toString(metricsPort));
                out.println("  Prometheus metrics at http://localhost:" + metricsPort + "/metrics while the demo runs");
            }
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(cfg.parallelism(), flinkConf);
            env.setParallelism(cfg.parallelism());
            env.enableCheckpointing(cfg.checkpointInterval().toMillis());
            ChatGuardJob.buildKafka(env, settings, cfg);
            JobClient job = env.executeAsync("chatguard-demo");
            out.println("  Flink job submitted to an in-process MiniCluster (" + job.getJobID() + ")");
            try {
                List<SampleTraffic.Sample> sample = SampleTraffic.bundled().take(messages, Instant.now());
                Instant t0 = Instant.now();
                produce(kafka.bootstrapServers(), topics, sample);
                out.println("  sent " + sample.size() + " messages and " + MALFORMED.length + " malformed records");
                Results r = collect(kafka.bootstrapServers(), topics, sample.size(), MALFORMED.length,
                        cfg.checkpointInterval(), t0.plus(timeout), job);
                Duration took = Duration.between(t0, Instant.now());
                printSummary(r, sample.size(), took);
                printMetrics();
                boolean ok = r.decisions.size() == sample.size() && !r.alerts.isEmpty()
                        && r.deadLetters.size() == MALFORMED.length;
                if (r.jobEnded != null) {
                    out.println("THE JOB STOPPED UNEXPECTEDLY (" + r.jobEnded + "); see the log above");
                }
                if (!ok) {
                    out.println("DEMO INCOMPLETE: expected " + sample.size() + " decisions, " + MALFORMED.length
                            + " dead letters and at least one alert before the timeout");
                }
                return ok ? 0 : 1;
            } finally {
                job.cancel().get();
            }
        }
    }

    private static void produce(String bootstrap, Topics topics, List<SampleTraffic.Sample> sample) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("acks", "all");
        p.put("linger.ms", "5");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (SampleTraffic.Sample s : sample) {
                producer.send(new ProducerRecord<>(topics.inputFor(s.kind()), s.conversationId(), s.json()));
            }
            for (byte[] bad : MALFORMED) {
                producer.send(new ProducerRecord<>(topics.chatMessages(), "general-1", bad));
            }
            producer.flush();
        }
    }

    static final class Results {
        final Map<String, Decision> decisions = new LinkedHashMap<>();
        final Map<String, StaffAlert> alerts = new LinkedHashMap<>();
        final List<DeadLetter> deadLetters = new ArrayList<>();
        String jobEnded;
    }

    private static Results collect(String bootstrap, Topics topics, int expectedDecisions, int expectedDead,
                                   Duration checkpointInterval, Instant deadline, JobClient job) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("group.id", "chatguard-demo-reader-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        Results r = new Results();
        Instant settleUntil = null;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topics.decisions(), topics.staffAlerts(), topics.deadLetter()));
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> rec : c.poll(Duration.ofMillis(200))) {
                    if (rec.topic().equals(topics.decisions())) {
                        Decision d = EventJson.decision(rec.value());
                        r.decisions.put(d.id(), d);
                    } else if (rec.topic().equals(topics.staffAlerts())) {
                        StaffAlert a = EventJson.alert(rec.value());
                        r.alerts.merge(a.alertId(), a, (x, y) -> y.sequence() >= x.sequence() ? y : x);
                    } else {
                        r.deadLetters.add(EventJson.deadLetter(rec.value()));
                    }
                }
                if (settleUntil == null && r.decisions.size() >= expectedDecisions && r.deadLetters.size() >= expectedDead) {
                    // exactly-once alerts become visible when the next checkpoint commits
                    settleUntil = Instant.now().plus(checkpointInterval.multipliedBy(2)).plusSeconds(1);
                }
                if (settleUntil != null && Instant.now().isAfter(settleUntil) && !r.alerts.isEmpty()) {
                    break;
                }
                if (job.getJobStatus().get().isGloballyTerminalState()) {
                    r.jobEnded = job.getJobStatus().get().name();
                    break;
                }
            }
        }
        return r;
    }

    private void printMetrics() {
        if (metricsPort < 0) {
            return;
        }
        try {
            List<Prometheus.Sample> samples = Prometheus.parse(Prometheus.scrape("localhost", metricsPort));
            out.println();
            out.println("Metrics (scraped from http://localhost:" + metricsPort + "/metrics, all subtasks):");
            MetricsSummary.lines(samples).forEach(out::println);
        } catch (Exception e) {
            out.println("(could not scrape the metrics endpoint: " + e.getClass().getSimpleName() + ")");
        }
    }

    private void printSummary(Results r, int sent, Duration took) {
        Map<Action, Integer> byAction = new EnumMap<>(Action.class);
        for (Action a : Action.values()) {
            byAction.put(a, 0);
        }
        r.decisions.values().forEach(d -> byAction.merge(d.action(), 1, Integer::sum));
        String version = r.decisions.values().stream().map(Decision::rulePackVersion).findFirst().orElse("?");
        out.println();
        out.printf("Decisions: %d of %d messages in %.1f s (rule pack %s)%n",
                r.decisions.size(), sent, took.toMillis() / 1000.0, version);
        byAction.forEach((a, n) -> out.printf("  %-6s %d%n", a, n));
        out.println();
        out.println("What the site shows (a few examples):");
        for (Action a : new Action[] {Action.MASK, Action.BLOCK}) {
            r.decisions.values().stream().filter(d -> d.action() == a).limit(4).forEach(d ->
                    out.printf("  %-5s %-15s %-6s %s%n", a, d.kind() + "/" + d.conversationId(), d.id(), quote(d.displayText())));
        }
        out.println();
        out.println("Staff alerts: " + r.alerts.size());
        r.alerts.values().stream().sorted((x, y) -> y.tier().compareTo(x.tier())).limit(12).forEach(a ->
                out.printf("  %-12s %-16s conversation=%s users=%s%n      reasons=%s%n      evidence=%s%n",
                        a.tier(), a.category(), a.conversationId(), a.subjectUserIds(), a.reasonCodes(),
                        a.evidence().isEmpty() ? "-" : quote(a.evidence().get(0).maskedExcerpt())));
        out.println();
        out.println("Dead letters: " + r.deadLetters.size());
        r.deadLetters.forEach(d -> out.printf("  %s[%d]@%d: %s%n", d.sourceTopic(), d.partition(), d.offset(), d.reason()));
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
