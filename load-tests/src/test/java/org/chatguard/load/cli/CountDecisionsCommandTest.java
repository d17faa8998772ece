package org.chatguard.load.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.kafka.EmbeddedKafka;

/** Real broker: count-decisions counts only what is written after it started, across partitions, and gives up at its timeout. */
class CountDecisionsCommandTest {

    private static void send(EmbeddedKafka kafka, String topic, int n) {
        Properties p = new Properties();
        p.putAll(kafka.clientProperties());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>(topic, "c" + i, "{\"id\":\"m" + i + "\"}"));
            }
            producer.flush();
        }
    }

    private record Run(CompletableFuture<Integer> exit, ByteArrayOutputStream out) {
        String text() {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static Run start(String... args) {
        CountDecisionsCommand cmd = new CountDecisionsCommand();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        cmd.out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        CommandLine cli = new CommandLine(cmd).registerConverter(Duration.class, new DurationConverter());
        return new Run(CompletableFuture.supplyAsync(() -> cli.execute(args)), bytes);
    }

    private static void awaitWatching(Run run) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!run.text().contains("watching") && System.nanoTime() < until && !run.exit().isDone()) {
            Thread.sleep(20);
        }
        assertTrue(run.text().contains("watching"), run.text());
    }

    @Test
    @Timeout(120)
    void countsTheDecisionsWrittenAfterItStartedAndGivesUpAtTheTimeout() throws Exception {
        Topics topics = Topics.withPrefix("t.");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(topics, 3);
            send(kafka, topics.decisions(), 7); // an earlier run's decisions: not counted

            Run run = start("--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix", "t.", "--messages", "50",
                    "--timeout", "60s", "--progress", "0s");
            awaitWatching(run);
            assertTrue(run.text().contains("from 7 records for 50 more"), run.text());
            send(kafka, topics.decisions(), 20);
            send(kafka, topics.decisions(), 30);
            assertEquals(0, run.exit().get(60, TimeUnit.SECONDS), run.text());
            assertTrue(run.text().contains("decided=50 seconds="), run.text());
            assertTrue(run.text().contains("second-half-rate="), run.text());

            Run short_ = start("--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix", "t.", "--messages", "10",
                    "--timeout", "2s", "--progress", "0s");
            awaitWatching(short_);
            send(kafka, topics.decisions(), 3);
            assertEquals(1, short_.exit().get(60, TimeUnit.SECONDS), short_.text());
            assertTrue(short_.text().contains("only 3 of 10 decisions"), short_.text());
        }
    }

    @Test
    void refusesABrokerThatIsNotOnThisMachine() {
        Run run = start("--bootstrap-servers", "kafka.example.com:9092", "--messages", "10");
        assertEquals(1, run.exit().join(), run.text());
    }
}
