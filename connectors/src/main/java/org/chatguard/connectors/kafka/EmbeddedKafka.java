package org.chatguard.connectors.kafka;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import org.chatguard.connectors.Topics;

/**
 * A real single-node Kafka broker (KRaft, combined broker+controller) inside this JVM, on a free
 * loopback port, for the demo and the integration tests. It runs Kafka's own server code from
 * Kafka's Maven artifacts; nothing is mocked. Its data directory is deleted on {@link #close()}.
 *
 * <p>Uses {@code KafkaClusterTestKit}, Kafka's internal test API: the Kafka version is pinned in the
 * parent pom for that reason.
 */
public final class EmbeddedKafka implements AutoCloseable {

    public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    private final KafkaClusterTestKit cluster;
    private final Map<String, String> clientSecurity;

    private EmbeddedKafka(KafkaClusterTestKit cluster, Map<String, String> clientSecurity) {
        this.cluster = cluster;
        this.clientSecurity = clientSecurity;
    }

    public static EmbeddedKafka start() throws Exception {
        return start(Map.of());
    }

    /** @param brokerConfig extra broker properties */
    public static EmbeddedKafka start(Map<String, String> brokerConfig) throws Exception {
        return new EmbeddedKafka(startCluster(SecurityProtocol.PLAINTEXT, brokerConfig), Map.of());
    }

    /**
     * A broker whose client listener requires SASL/SCRAM-SHA-256 authentication, with one user created.
     * {@link #clientProperties()} then authenticates as that user, exactly as an operator would configure
     * ChatGuard with {@code --kafka-property}. Inter-broker and controller traffic use the test kit's
     * PLAIN super-user, which is also how the SCRAM credential gets created.
     */
    public static EmbeddedKafka startWithScram(String user, String password) throws Exception {
        KafkaClusterTestKit cluster = startCluster(SecurityProtocol.SASL_PLAINTEXT, Map.of(
                "sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256",
                // authentication is what is under test; authorisation stays open to authenticated users
                "allow.everyone.if.no.acl.found", "true"));
        try {
            Properties admin = new Properties();
            admin.put("bootstrap.servers", cluster.bootstrapServers());
            admin.put("security.protocol", "SASL_PLAINTEXT");
            admin.put("sasl.mechanism", "PLAIN");
            admin.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                    + JaasUtils.KAFKA_PLAIN_ADMIN + "\" password=\"" + JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD + "\";");
            try (Admin a = Admin.create(admin)) {
                a.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), password))).all().get();
            }
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return new EmbeddedKafka(cluster, Map.of(
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "SCRAM-SHA-256",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + user + "\" password=\"" + password + "\";"));
    }

    private static KafkaClusterTestKit startCluster(SecurityProtocol protocol, Map<String, String> brokerConfig) throws Exception {
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
                .setBrokerSecurityProtocol(protocol).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                .setConfigProp("log.flush.interval.messages", Long.toString(Long.MAX_VALUE))
                // above the 1 MB default, so oversized records reach ChatGuard (which must dead-letter them)
                // instead of being refused by the broker before anything can be tested
                .setConfigProp("message.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        brokerConfig.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder.build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** What a client needs to connect: the bootstrap servers, plus the credentials on a secured broker. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(clientSecurity);
        p.put("bootstrap.servers", bootstrapServers());
        return p;
    }

    /** Creates all of ChatGuard's topics with their retention settings. */
    public void createTopics(Topics topics, int partitions) throws InterruptedException, ExecutionException {
        createTopics(clientProperties(), topics, partitions);
    }

    /** Creates all of ChatGuard's topics on any cluster; topics that exist already are left as they are. */
    public static void createTopics(Properties adminProps, Topics topics, int partitions)
            throws InterruptedException, ExecutionException {
        TopicAdmin.createTopics(adminProps, topics, partitions);
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
