package org.chatguard.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.kafka.KafkaSettings;
import org.chatguard.pipeline.cli.ChatGuardCli;
import org.chatguard.pipeline.cli.KafkaOptions;

/**
 * A broker that only speaks SASL (PLAIN over SASL_PLAINTEXT). The credentials go in the way operators
 * pass them, {@code --kafka-property sasl.jaas.config=${file:...}}, and must reach every Kafka client
 * ChatGuard makes: the admin client of {@code create-topics}, the job's source (consumer and the
 * enumerator's admin client), the at-least-once producers and the transactional (exactly-once) alert
 * producers. A client without them is refused, so the test would notice credentials that got lost.
 */
class KafkaSecurityTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static KafkaClusterTestKit cluster;

    @BeforeAll
    static void startSaslBroker() throws Exception {
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
                .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                .setControllerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT).build())
                // the test kit turns on an authorizer with SASL; an ordinary (non-super) user with no ACLs may do all
                .setConfigProp("allow.everyone.if.no.acl.found", "true")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void credentialsFromAFileReachEveryClient(@TempDir Path tmp) throws Exception {
        String password = JaasUtils.KAFKA_PLAIN_USER1_PASSWORD;
        Path jaas = tmp.resolve("kafka-jaas");
        Files.writeString(jaas, "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + JaasUtils.KAFKA_PLAIN_USER1 + "\" password=\"" + password + "\";\n");
        String bootstrap = cluster.bootstrapServers();
        String[] security = {"--kafka-property", "security.protocol=SASL_PLAINTEXT", "--kafka-property", "sasl.mechanism=PLAIN",
                "--kafka-property", "sasl.jaas.config=${file:" + jaas + "}"};

        // without credentials the broker refuses
        Properties anonymous = new Properties();
        anonymous.put("bootstrap.servers", bootstrap);
        anonymous.put("default.api.timeout.ms", "4000");
        anonymous.put("request.timeout.ms", "2000");
        try (Admin admin = Admin.create(anonymous)) {
            assertThrows(Exception.class, () -> admin.listTopics().names().get());
        }

        // admin client: chatguard create-topics
        String[] create = concat(new String[] {"create-topics", "--bootstrap-servers", bootstrap, "--topic-prefix", "sec.",
                "--partitions", "1"}, security);
        assertEquals(0, ChatGuardCli.commandLine().execute(create));

        // the job: the same options as `chatguard run`
        KafkaOptions options = new KafkaOptions();
        new CommandLine(options).parseArgs(concat(new String[] {"--bootstrap-servers", bootstrap, "--topic-prefix", "sec.",
                "--group-id", "sec-job"}, security));
        KafkaSettings settings = options.settings(bootstrap);
        assertFalse(settings.toString().contains(password), "settings are logged: secrets must not show");
        Topics topics = options.topics();
        JobConfig cfg = JobConfig.defaults().withTopics(topics).withCheckpointInterval(Duration.ofMillis(500))
                .withTransactionalIdPrefix("sec-tx");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(cfg.checkpointInterval().toMillis());
        ChatGuardJob.buildKafka(env, settings, cfg);
        JobClient job = env.executeAsync("chatguard-sasl");
        try (KafkaTestClient site = new KafkaTestClient(settings.clientProps(), topics)) {
            site.send(topics.chatMessages(), "bubble-1", message("s1", "sometimes i want to kill myself"));
            site.send(topics.blogPosts(), "blog-1", message("s2", "what a load of shit"));
            site.send(topics.chatMessages(), "x", "not json".getBytes(StandardCharsets.UTF_8));
            // decisions: at-least-once producer; alerts: transactional producer; dead letters: a third producer
            assertTrue(site.pollUntil(c -> c.decisions.size() >= 2 && !c.alertLog.isEmpty() && !c.deadLetters.isEmpty(),
                    Duration.ofSeconds(90)), () -> "decisions=" + site.decisions.keySet() + " alerts=" + site.alertLog.size()
                    + " dead=" + site.deadLetters.size());
            assertEquals("what a load of ****", site.decisions.get("s2").displayText());
        } finally {
            job.cancel().get();
        }
    }

    private static byte[] message(String id, String text) {
        return ("{\"id\":\"" + id + "\",\"conversationId\":\"c-" + id + "\",\"senderId\":\"u-" + id + "\",\"text\":\"" + text
                + "\",\"sentAt\":\"" + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
