package org.chatguard.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import org.chatguard.connectors.kafka.KafkaSettings;

class ConfigOptionTest {

    private static RunCommand parse(String... args) {
        RunCommand cmd = new RunCommand();
        new CommandLine(cmd).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        cmd.config.apply();
        return cmd;
    }

    @Test
    void yamlFileSetsOptionsAndFlagsOverrideIt(@TempDir Path tmp) throws Exception {
        Path secret = tmp.resolve("jaas");
        Files.writeString(secret, "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"cg\" password=\"pw-123\";\n");
        Path yaml = tmp.resolve("chatguard.yaml");
        Files.writeString(yaml, """
                # ChatGuard on the site1 cluster
                bootstrap-servers: kafka-1:9093,kafka-2:9093
                group-id: chatguard-site1
                parallelism: 4
                checkpoint-interval: PT10S
                alerts-delivery: exactly_once
                topic-prefix: site1.
                topic:
                  decisions: site1.decisions-v2
                kafka-property:
                  security.protocol: SASL_SSL
                  sasl.mechanism: SCRAM-SHA-512
                  sasl.jaas.config: "${file:%s}"
                """.formatted(secret));
        RunCommand cmd = parse("--config", yaml.toString(), "--parallelism", "2",
                "--kafka-property", "sasl.mechanism=PLAIN");
        assertEquals("kafka-1:9093,kafka-2:9093", cmd.kafka.bootstrapServers);
        assertEquals("chatguard-site1", cmd.kafka.groupId);
        assertEquals(2, cmd.job.parallelism, "the flag wins over the file");
        assertEquals(Duration.ofSeconds(10), cmd.job.checkpointInterval);
        assertEquals(DeliveryGuarantee.EXACTLY_ONCE, cmd.job.alertsDelivery);
        assertEquals(DeliveryGuarantee.AT_LEAST_ONCE, cmd.job.decisionsDelivery, "not in the file: default");
        assertEquals("site1.decisions-v2", cmd.kafka.topics().decisions());
        assertEquals("site1.chat-messages", cmd.kafka.topics().chatMessages());
        assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "${file:" + secret + "}"), cmd.kafka.kafkaProperties, "maps merge, flag wins per key");

        KafkaSettings s = cmd.kafka.settings(cmd.kafka.bootstrapServers);
        assertTrue(s.clientProperties().get("sasl.jaas.config").contains("password=\"pw-123\""), "secret read from the file");
        assertFalse(s.toString().contains("pw-123"), "never shown: " + s);
    }

    @Test
    void propertiesFileWorksTheSame(@TempDir Path tmp) throws Exception {
        Path props = tmp.resolve("chatguard.properties");
        Files.writeString(props, """
                bootstrap-servers=localhost:9092
                max-text-chars=5000
                kafka-property.security.protocol=SSL
                kafka-property.ssl.truststore.location=/etc/kafka/truststore.p12
                topic.staff-alerts=safeguarding-alerts
                """);
        RunCommand cmd = parse("--config", props.toString());
        assertEquals("localhost:9092", cmd.kafka.bootstrapServers);
        assertEquals(5000, cmd.job.maxTextChars);
        assertEquals("SSL", cmd.kafka.kafkaProperties.get("security.protocol"));
        assertEquals("/etc/kafka/truststore.p12", cmd.kafka.kafkaProperties.get("ssl.truststore.location"));
        assertEquals("safeguarding-alerts", cmd.kafka.topics().staffAlerts());
    }

    @Test
    void unknownKeysAndBadValuesAreRejectedNamingTheFile(@TempDir Path tmp) throws Exception {
        Path yaml = tmp.resolve("bad.yaml");
        Files.writeString(yaml, "bootstrap-servers: localhost:9092\nparalelism: 3\n");
        var e = assertThrows(CommandLine.ParameterException.class, () -> parse("--config", yaml.toString()));
        assertTrue(e.getMessage().contains("bad.yaml") && e.getMessage().contains("paralelism"), e.getMessage());

        Files.writeString(yaml, "parallelism: many\n");
        e = assertThrows(CommandLine.ParameterException.class, () -> parse("--config", yaml.toString()));
        assertTrue(e.getMessage().contains("--parallelism"), e.getMessage());

        Files.writeString(yaml, "kafka-property: {sasl.jaas.config: \"secret\" oops\n");
        e = assertThrows(CommandLine.ParameterException.class, () -> parse("--config", yaml.toString()));
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), "parser messages may quote the file: " + e.getMessage());
    }

    @Test
    void configIsDocumentedAndErrorsGoThroughTheCli(@TempDir Path tmp) throws Exception {
        CommandLine cli = ChatGuardCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        assertEquals(0, cli.execute("run", "--help"));
        assertTrue(out.toString().contains("--config=FILE"), out.toString());
        assertEquals(0, cli.execute("demo", "--help"));
        assertTrue(out.toString().contains("--config=FILE"), out.toString());

        Path yaml = tmp.resolve("x.yaml");
        Files.writeString(yaml, "no-such-option: 1\n");
        assertEquals(2, cli.execute("run", "--config", yaml.toString()));
        assertTrue(err.toString().contains("no-such-option"), err.toString());
    }
}
