package org.chatguard.load.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.kafka.EmbeddedKafka;
import org.chatguard.connectors.kafka.KafkaIo;
import org.chatguard.connectors.kafka.KafkaSettings;
import org.chatguard.load.kafka.EchoResponder;
import org.chatguard.load.kafka.Localhost;

/**
 * What the load is sent to: an external (localhost) Kafka with a job already running, or an embedded
 * broker in this JVM with the echo stand-in, the passthrough job or the full ChatGuard job.
 */
public final class Target implements AutoCloseable {

    public enum Kind {
        /** A Kafka on this machine with the job running elsewhere: nothing is started. */
        EXTERNAL,
        /** Embedded broker + a consumer/producer that answers every message at once (measures the tool). */
        ECHO,
        /** Embedded broker + the passthrough Flink job writing parsed messages to the decisions topic. */
        PASSTHROUGH,
        /** Embedded broker + the ChatGuard job. */
        CHATGUARD;

        public static Kind parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    private final Kind kind;
    private final String bootstrap;
    private final Topics topics;
    private EmbeddedKafka kafka;
    private EchoResponder echo;
    private JobClient job;

    private Target(Kind kind, String bootstrap, Topics topics) {
        this.kind = kind;
        this.bootstrap = bootstrap;
        this.topics = topics;
    }

    /**
     * @param externalBootstrap required for EXTERNAL; must be localhost
     * @param parallelism       of the Flink job
     * @param checkpointInterval of the Flink job (ChatGuard defaults: 5 s)
     */
    public static Target start(Kind kind, String externalBootstrap, Topics topics, int partitions, int parallelism,
                               Duration checkpointInterval) throws Exception {
        return start(kind, externalBootstrap, topics, partitions, parallelism, checkpointInterval, null);
    }

    /** @param rulePack for CHATGUARD: a rule pack file instead of the bundled default ({@code null}) */
    public static Target start(Kind kind, String externalBootstrap, Topics topics, int partitions, int parallelism,
                               Duration checkpointInterval, java.nio.file.Path rulePack) throws Exception {
        return start(kind, externalBootstrap, topics, partitions, parallelism, checkpointInterval, rulePack, null);
    }

    /** @param bufferTimeout Flink network buffer timeout of the embedded job; {@code null} = the job's own default (ChatGuard: 10 ms) */
    public static Target start(Kind kind, String externalBootstrap, Topics topics, int partitions, int parallelism,
                               Duration checkpointInterval, java.nio.file.Path rulePack, Duration bufferTimeout) throws Exception {
        if (kind == Kind.EXTERNAL) {
            if (externalBootstrap == null) {
                throw new IllegalArgumentException("--target external needs --bootstrap-servers");
            }
            return new Target(kind, Localhost.require(externalBootstrap), topics);
        }
        EmbeddedKafka kafka = EmbeddedKafka.start();
        Target t = new Target(kind, kafka.bootstrapServers(), topics);
        t.kafka = kafka;
        try {
            kafka.createTopics(topics, partitions);
            KafkaSettings settings = new KafkaSettings(kafka.bootstrapServers(), "chatguard-load-" + kind.name().toLowerCase(Locale.ROOT));
            switch (kind) {
                case ECHO -> t.echo = new EchoResponder(kafka.bootstrapServers(), topics.inputs(), topics.decisions());
                case PASSTHROUGH -> {
                    StreamExecutionEnvironment env = Jobs.localEnv(parallelism, checkpointInterval, bufferTimeout);
                    Jobs.passthrough(env, KafkaIo.rawSource(settings, topics.inputs()), settings, topics, topics.decisions());
                    t.job = env.executeAsync("passthrough");
                }
                case CHATGUARD -> {
                    StreamExecutionEnvironment env = Jobs.localEnv(parallelism, checkpointInterval, bufferTimeout);
                    ChatGuardJobs.build(env, KafkaIo.rawSource(settings, topics.inputs()), settings, topics, parallelism,
                            checkpointInterval, "load-" + Long.toHexString(System.nanoTime()), rulePack);
                    t.job = env.executeAsync("chatguard");
                }
                default -> throw new IllegalStateException();
            }
            if (t.job != null) {
                awaitRunning(t.job, Duration.ofSeconds(60));
            }
            return t;
        } catch (Exception e) {
            t.close();
            throw e;
        }
    }

    static void awaitRunning(JobClient job, Duration timeout) throws Exception {
        Instant until = Instant.now().plus(timeout);
        while (Instant.now().isBefore(until)) {
            JobStatus s = job.getJobStatus().get();
            if (s == JobStatus.RUNNING) {
                return;
            }
            if (s.isTerminalState()) {
                throw new IllegalStateException("job ended while starting: " + s);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("job not running after " + timeout);
    }

    public Kind kind() {
        return kind;
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    public Topics topics() {
        return topics;
    }

    @Override
    public void close() throws Exception {
        try {
            if (job != null) {
                try {
                    job.cancel().get();
                } catch (Exception e) {
                    // already finished or failed: nothing to cancel
                }
            }
            if (echo != null) {
                echo.close();
            }
        } finally {
            if (kafka != null) {
                kafka.close();
            }
        }
    }
}
