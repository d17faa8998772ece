package org.chatguard.load.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.kafka.EmbeddedKafka;
import org.chatguard.connectors.kafka.KafkaSettings;
import org.chatguard.load.gen.GeneratedMessage;
import org.chatguard.load.gen.GeneratorConfig;
import org.chatguard.load.gen.TrafficGenerator;

/**
 * Throughput of the passthrough ceiling and of the full ChatGuard job over the same pre-loaded traffic
 * on one embedded broker. Each job reads the whole input with a fresh consumer group through a source
 * bounded at the input's end, so it finishes by itself; it is timed from submission until the last
 * output record is in its output topic (end offsets), and by Flink's net runtime.
 */
public final class Bench {

    public static final String PASSTHROUGH_OUT = "bench-passthrough-out";

    /**
     * @param wallSeconds    job submission until the output topic holds one record per input message
     * @param steadySeconds  first output record until the last (start-up excluded)
     * @param netRuntimeSeconds Flink's net runtime of the (bounded) job, includes the final checkpoint
     * @param cpuSeconds     CPU time of this whole process (broker, job, tool) from submission to the last
     *                       output; with other work on the machine this is the steadier cost measure
     * @param cpuRate        messages per CPU-second
     */
    public record JobRun(String job, int round, long messages, double wallSeconds, double steadySeconds,
                         double netRuntimeSeconds, double wallRate, double steadyRate, double netRate,
                         double cpuSeconds, double cpuRate) {
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /** @param stateBackend keyed state of the ChatGuard job: {@code rocksdb} (its default, as in production) or {@code hashmap} */
    public record Settings(long messages, long seed, double harmfulShare, int partitions, int parallelism,
                           Duration checkpointInterval, List<String> jobs, int rounds, Duration timeout,
                           java.nio.file.Path rulePack, Duration bufferTimeout, String stateBackend,
                           double hotRoomShare) {
        public Settings(long messages, long seed, double harmfulShare, int partitions, int parallelism,
                        Duration checkpointInterval, List<String> jobs, int rounds, Duration timeout,
                        java.nio.file.Path rulePack, Duration bufferTimeout, String stateBackend) {
            this(messages, seed, harmfulShare, partitions, parallelism, checkpointInterval, jobs, rounds, timeout,
                    rulePack, bufferTimeout, stateBackend, 0.0);
        }

        public Settings {
            if (!"rocksdb".equals(stateBackend) && !"hashmap".equals(stateBackend)) {
                throw new IllegalArgumentException("state backend must be rocksdb or hashmap, was " + stateBackend);
            }
        }
    }

    private final Settings s;
    private final PrintStream out;

    public Bench(Settings settings, PrintStream out) {
        this.s = settings;
        this.out = out;
    }

    public List<JobRun> run() throws Exception {
        Topics topics = Topics.defaults();
        List<JobRun> results = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            kafka.createTopics(topics, s.partitions());
            try (Admin admin = Admin.create(kafka.clientProperties())) {
                admin.createTopics(List.of(new NewTopic(PASSTHROUGH_OUT, Optional.of(s.partitions()), Optional.empty()))).all().get();
            }
            preload(bootstrap, topics);
            for (int round = 0; round < s.rounds(); round++) {
                for (String job : s.jobs()) {
                    results.add(runJob(job, round, bootstrap, topics));
                }
            }
        }
        return results;
    }

    private void preload(String bootstrap, Topics topics) throws Exception {
        TrafficGenerator g = new TrafficGenerator(GeneratorConfig.defaults(s.seed()).withHarmfulShare(s.harmfulShare())
                .withHotRoomShare(s.hotRoomShare()));
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("acks", "all");
        p.put("linger.ms", "10");
        p.put("batch.size", Integer.toString(256 * 1024));
        long t0 = System.nanoTime();
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < s.messages(); i++) {
                GeneratedMessage m = g.next();
                byte[] v = m.json();
                bytes += v.length;
                producer.send(new ProducerRecord<>(topics.inputFor(m.message().kind()),
                        m.message().conversationId().getBytes(StandardCharsets.UTF_8), v));
            }
            producer.flush();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        out.printf(Locale.ROOT, "pre-loaded %d messages (%.0f MB, mean %d bytes) in %.1f s (%.0f msgs/s generate+produce)%n",
                s.messages(), bytes / 1e6, bytes / Math.max(1, s.messages()), secs, s.messages() / secs);
    }

    private JobRun runJob(String job, int round, String bootstrap, Topics topics) throws Exception {
        String group = "bench-" + job + "-" + round;
        KafkaSettings settings = new KafkaSettings(bootstrap, group);
        StreamExecutionEnvironment env = Jobs.localEnv(s.parallelism(), s.checkpointInterval(), s.bufferTimeout());
        String output;
        switch (job) {
            case "passthrough" -> {
                output = PASSTHROUGH_OUT;
                Jobs.passthrough(env, Jobs.boundedRawSource(settings, topics.inputs()), settings, topics, output);
            }
            case "chatguard", "chatguard-no-signals" -> {
                output = topics.decisions();
                // the same job without the conversation-level signals (--no-conversation-signals): what they cost
                ChatGuardJobs.build(env, Jobs.boundedRawSource(settings, topics.inputs()), settings, topics, s.parallelism(),
                        s.checkpointInterval(), "bench-" + job + "-" + round, s.rulePack(), s.stateBackend(),
                        job.equals("chatguard"));
            }
            default -> throw new IllegalArgumentException("unknown job '" + job + "' (passthrough, chatguard, chatguard-no-signals)");
        }
        try (OffsetWatch watch = new OffsetWatch(bootstrap, output)) {
            long base = watch.total();
            long t0 = System.nanoTime();
            long cpu0 = processCpuNanos();
            JobClient client = env.executeAsync("bench-" + job + "-" + round);
            OffsetWatch.Progress progress = watch.await(base, s.messages(), t0 + s.timeout().toNanos(), seen -> { });
            if (!progress.complete()) {
                client.cancel().get();
                throw new IllegalStateException(job + ": only " + progress.counted() + " of " + s.messages() + " outputs after " + s.timeout());
            }
            long now = progress.lastNanos();
            double cpu = (processCpuNanos() - cpu0) / 1e9;
            double wall = (now - t0) / 1e9;
            double steady = progress.steadySeconds();
            JobExecutionResult result = client.getJobExecutionResult().get(Math.max(60, s.timeout().toSeconds()), TimeUnit.SECONDS);
            double net = result.getNetRuntime(TimeUnit.MILLISECONDS) / 1000.0;
            JobRun r = new JobRun(job, round, s.messages(), wall, steady, net,
                    s.messages() / wall, s.messages() / Math.max(1e-9, steady), s.messages() / net,
                    cpu, s.messages() / Math.max(1e-9, cpu));
            out.printf(Locale.ROOT, "%-11s round %d: wall %.1f s -> %,.0f msgs/s | steady %,.0f msgs/s | Flink net runtime %.1f s -> %,.0f msgs/s"
                            + " | process CPU %.1f s -> %,.0f msgs per CPU-s%n",
                    job, round, wall, r.wallRate(), r.steadyRate(), net, r.netRate(), cpu, r.cpuRate());
            return r;
        }
    }

    /** Best (highest wall rate) run per job, and the ChatGuard/passthrough ratio of wall, steady and net rates. */
    public static Map<String, Object> summary(List<JobRun> runs) {
        Map<String, JobRun> best = new HashMap<>();
        for (JobRun r : runs) {
            best.merge(r.job(), r, (a, b) -> b.wallRate() > a.wallRate() ? b : a);
        }
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        best.forEach((k, v) -> m.put(k, v));
        JobRun p = best.get("passthrough");
        JobRun c = best.get("chatguard");
        if (p != null && c != null) {
            m.put("ratioWall", c.wallRate() / p.wallRate());
            m.put("ratioSteady", c.steadyRate() / p.steadyRate());
            m.put("ratioNetRuntime", c.netRate() / p.netRate());
            m.put("ratioCpu", c.cpuRate() / p.cpuRate());
        }
        return m;
    }
}
