package org.chatguard.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import org.chatguard.pipeline.BrokerExtension;

class BacktestCommandTest {

    @RegisterExtension
    static final BrokerExtension BROKER = BrokerExtension.plain();

    @TempDir
    Path dir;

    /** The default pack without prof.shit and with a rule for "broccoli". */
    Path candidate() throws Exception {
        String pack;
        try (var in = org.chatguard.rules.RulePackLoader.class.getResourceAsStream(
                org.chatguard.rules.RulePackLoader.DEFAULT_PACK_RESOURCE)) {
            pack = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int start = pack.indexOf("  - id: prof.shit\n");
        int end = pack.indexOf("  - id:", start + 10);
        pack = pack.substring(0, start) + pack.substring(end);
        pack = pack.replaceFirst("(?m)^version: .*$", "version: \"candidate-1\"")
                .replaceFirst("(?m)^rules:\n", "rules:\n  - id: test.broccoli\n    category: profanity\n    severity: 1\n"
                        + "    action: mask\n    reason: \"test\"\n    terms: [\"broccoli\"]\n");
        Path p = dir.resolve("candidate.yaml");
        Files.writeString(p, pack);
        return p;
    }

    JsonNode run(byte[] stdin, String... args) throws Exception {
        BacktestCommand cmd = new BacktestCommand();
        new CommandLine(cmd).parseArgs(args);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, cmd.run(new ByteArrayInputStream(stdin), new PrintStream(out, true, StandardCharsets.UTF_8)));
        return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    }

    static String line(String id, String text, boolean flag) {
        return "{\"id\":\"" + id + "\",\"text\":\"" + text + "\",\"flag\":" + flag + "}\n";
    }

    @Test
    void stdinDiffGoldAndBadLinesCountedNotFatal() throws Exception {
        String huge = "{\"id\":\"big\",\"text\":\"" + "a".repeat(5000) + "\"}\n";
        byte[] in = (line("a", "this broccoli is cold", false) + line("b", "oh shit", true) + "{not json\n" + huge
                + line("c", "hello there", false)).getBytes(StandardCharsets.UTF_8);
        JsonNode r = run(in, "--pack", candidate().toString(), "--json", "--max-record-bytes", "1000", "--stateful");
        assertEquals(3, r.get("messages").asInt());
        assertEquals("test.broccoli", r.get("rulesGained").get(0).get("rule").asText());
        assertEquals(1, r.get("rulesGained").size());
        assertEquals("prof.shit", r.get("rulesLost").get(0).get("rule").asText());
        assertEquals(1, r.get("rulesLost").size());
        assertEquals("a", r.get("rulesGained").get(0).get("examples").get(0).asText());
        assertEquals(1, r.get("errors").get("malformed JSON").asInt());
        assertEquals(1, r.get("errors").get("record too large").asInt());
        assertEquals(1.0, r.get("gold").get("live").get("recall").asDouble());
        assertEquals(0.0, r.get("gold").get("candidate").get("recall").asDouble());
        assertFalse(r.toString().contains("broccoli is cold"), "no message text in the report");
    }

    @Test
    void kafkaRangeByTimestamp() throws Exception {
        String topic = "history";
        Properties props = BROKER.kafka().clientProperties();
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(java.util.List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        Instant t0 = Instant.parse("2026-11-01T10:00:00Z");
        Properties pp = new Properties();
        pp.putAll(props);
        pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(pp)) {
            for (int i = 0; i < 30; i++) {
                // ten per hour: hour 0 before the range, hour 1 inside it, hour 2 after it
                Instant at = t0.plusSeconds(3600L * (i / 10) + i);
                String msg = "{\"id\":\"m" + i + "\",\"conversationId\":\"c" + (i % 3) + "\",\"senderId\":\"u" + (i % 4)
                        + "\",\"text\":\"" + (i % 2 == 0 ? "oh shit" : "broccoli again") + "\",\"sentAt\":\"" + at + "\"}";
                p.send(new ProducerRecord<>(topic, i % 2, at.toEpochMilli(), null, msg.getBytes(StandardCharsets.UTF_8)));
            }
            Instant inside = t0.plusSeconds(3600 + 30);
            p.send(new ProducerRecord<>(topic, 0, inside.toEpochMilli(), null, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}));
            p.flush();
        }
        JsonNode r = run(new byte[0], "--pack", candidate().toString(), "--json",
                "--bootstrap-servers", BROKER.kafka().bootstrapServers(), "--topic", topic,
                "--since", t0.plusSeconds(3600).toString(), "--until", t0.plusSeconds(7200).toString());
        assertEquals(10, r.get("messages").asInt(), r.toString());
        assertEquals(1, r.get("errors").get("invalid UTF-8").asInt(), r.toString());
        JsonNode lost = r.get("rulesLost").get(0);
        assertEquals("prof.shit", lost.get("rule").asText());
        assertEquals(5, lost.get("live").asInt());
        assertEquals(5, r.get("rulesGained").get(0).get("candidate").asInt());
        assertTrue(r.get("stateful").asBoolean() == false);
    }
}
