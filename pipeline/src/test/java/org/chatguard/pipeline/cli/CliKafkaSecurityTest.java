package org.chatguard.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.kafka.EmbeddedKafka;
import org.chatguard.pipeline.BrokerExtension;
import org.chatguard.connectors.kafka.KafkaSettings;

/**
 * Kafka security the way operators configure it: SASL/SCRAM settings in a {@code --config} file, the
 * password only in a secret file ({@code ${file:...}}), and the settings reaching the admin client of
 * {@code chatguard create-topics}. (KafkaScramEndToEndTest runs the job itself over SCRAM.)
 */
class CliKafkaSecurityTest {

    private static final String PASSWORD = "pw-only-in-the-secret-file-77";
    @RegisterExtension
    static final BrokerExtension BROKER = new BrokerExtension(() -> EmbeddedKafka.startWithScram("chatguard-ops", PASSWORD));

    private static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cli = ChatGuardCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void createTopicsAuthenticatesWithSecretsFromAFileNamedInTheConfig(@TempDir Path tmp) throws Exception {
        Path jaas = tmp.resolve("kafka-jaas");
        Files.writeString(jaas, "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"chatguard-ops\" "
                + "password=\"" + PASSWORD + "\";\n");
        Path config = tmp.resolve("chatguard.yaml");
        Files.writeString(config, """
                bootstrap-servers: %s
                topic-prefix: secure.
                kafka-property:
                  security.protocol: SASL_PLAINTEXT
                  sasl.mechanism: SCRAM-SHA-256
                  sasl.jaas.config: ${file:%s}
                """.formatted(BROKER.kafka().bootstrapServers(), jaas));
        assertFalse(Files.readString(config).contains(PASSWORD), "the config file itself holds no secret");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, run(out, err, "create-topics", "--config", config.toString(), "--partitions", "2"), err.toString());
        try (Admin admin = Admin.create(BROKER.kafka().clientProperties())) {
            Set<String> names = admin.listTopics().names().get();
            assertTrue(names.containsAll(Topics.withPrefix("secure.").all()), names.toString());
        }

        // the same options without credentials are refused by the broker
        Path anonymous = tmp.resolve("anonymous.yaml");
        Files.writeString(anonymous, "bootstrap-servers: " + BROKER.kafka().bootstrapServers() + "\ntopic-prefix: anon.\n"
                + "kafka-property:\n  default.api.timeout.ms: 4000\n  request.timeout.ms: 2000\n");
        assertNotEquals(0, run(new StringWriter(), new StringWriter(), "create-topics", "--config", anonymous.toString()));

        // what `run` would hand to the job: resolved for the clients, masked wherever it is printed
        RunCommand cmd = new RunCommand();
        new CommandLine(cmd).parseArgs("--config", config.toString());
        cmd.config.apply();
        KafkaSettings s = cmd.kafka.settings(cmd.kafka.bootstrapServers);
        assertTrue(s.clientProps().getProperty("sasl.jaas.config").contains(PASSWORD));
        assertFalse(s.toString().contains(PASSWORD), s.toString());
        assertFalse(out.toString().contains(PASSWORD) || err.toString().contains(PASSWORD));
    }
}
