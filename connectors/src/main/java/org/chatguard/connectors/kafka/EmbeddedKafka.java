package org.chatguard.connectors.kafka;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.network.ListenerName;
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
 * parent pom for that reason. The test kit itself only builds PLAINTEXT and SASL_PLAINTEXT listeners;
 * the TLS variants keep its listener names and re-map the client listener's security protocol through
 * {@code listener.security.protocol.map}, which the test kit leaves to the caller when it is set.
 */
public final class EmbeddedKafka implements AutoCloseable {

    public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    /** The host name in the certificate of {@link #wrongHostnameBootstrapServers()}'s listener. */
    public static final String WRONG_HOST = "not-this-broker.invalid";

    private static final String CLIENT_LISTENER = "EXTERNAL";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String MISNAMED_LISTENER = "MISNAMED";
    private static final ThrowAwayTls.Server BROKER_CERT =
            new ThrowAwayTls.Server("broker", "localhost", "dns:localhost,ip:127.0.0.1");

    private final KafkaClusterTestKit cluster;
    private final Map<String, String> clientSecurity;
    private final ThrowAwayTls tls;
    private final String wrongHostnameBootstrap;

    private EmbeddedKafka(KafkaClusterTestKit cluster, Map<String, String> clientSecurity) {
        this(cluster, clientSecurity, null, null);
    }

    private EmbeddedKafka(KafkaClusterTestKit cluster, Map<String, String> clientSecurity, ThrowAwayTls tls,
            String wrongHostnameBootstrap) {
        this.cluster = cluster;
        this.clientSecurity = clientSecurity;
        this.tls = tls;
        this.wrongHostnameBootstrap = wrongHostnameBootstrap;
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
        KafkaClusterTestKit cluster = startCluster(SecurityProtocol.SASL_PLAINTEXT, scramBrokerConfig());
        try {
            createScramUser(cluster, Map.of("security.protocol", "SASL_PLAINTEXT"), user, password);
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return new EmbeddedKafka(cluster, scramClientProperties("SASL_PLAINTEXT", Map.of(), user, password));
    }

    /**
     * A broker whose client listener speaks TLS only ({@code security.protocol=SSL}), with key material
     * made for this run by {@link ThrowAwayTls}: a throw-away CA and a broker certificate for
     * {@code localhost} / {@code 127.0.0.1}. {@link #clientProperties()} trust that CA through a PKCS12
     * truststore and leave {@code ssl.endpoint.identification.algorithm} at Kafka's default ({@code https}),
     * so clients verify the broker's host name. The controller listener stays plaintext.
     *
     * <p>A second TLS listener, {@link #wrongHostnameBootstrapServers()}, presents a certificate from the
     * same CA issued to {@link #WRONG_HOST}: a correctly configured client must refuse it.
     */
    public static EmbeddedKafka startWithTls() throws Exception {
        ThrowAwayTls tls = ThrowAwayTls.create(BROKER_CERT,
                new ThrowAwayTls.Server("misnamed", WRONG_HOST, "dns:" + WRONG_HOST));
        try {
            Map<String, String> config = tlsBrokerConfig(tls, "SSL");
            Path misnamed = tls.keystore("misnamed");
            config.put("listener.security.protocol.map",
                    CLIENT_LISTENER + ":SSL," + CONTROLLER_LISTENER + ":PLAINTEXT," + MISNAMED_LISTENER + ":SSL");
            // port 0 everywhere: the test kit hands its pre-bound sockets to its own two listeners, the
            // extra one binds an ephemeral port that the broker registers once bound
            config.put("listeners", CLIENT_LISTENER + "://localhost:0," + CONTROLLER_LISTENER + "://localhost:0,"
                    + MISNAMED_LISTENER + "://localhost:0");
            String prefix = new ListenerName(MISNAMED_LISTENER).configPrefix();
            config.put(prefix + "ssl.keystore.location", misnamed.toString());
            config.put(prefix + "ssl.keystore.password", tls.password());
            config.put(prefix + "ssl.keystore.type", ThrowAwayTls.STORE_TYPE);
            KafkaClusterTestKit cluster = startCluster(SecurityProtocol.PLAINTEXT, config);
            int misnamedPort;
            try {
                misnamedPort = cluster.brokers().values().iterator().next().boundPort(new ListenerName(MISNAMED_LISTENER));
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
            return new EmbeddedKafka(cluster, tlsClientProperties(tls, "SSL"), tls, "localhost:" + misnamedPort);
        } catch (Exception e) {
            tls.close();
            throw e;
        }
    }

    /**
     * SASL/SCRAM-SHA-256 over TLS ({@code security.protocol=SASL_SSL}): the key material of
     * {@link #startWithTls()} and the user of {@link #startWithScram(String, String)}.
     */
    public static EmbeddedKafka startWithScramOverTls(String user, String password) throws Exception {
        ThrowAwayTls tls = ThrowAwayTls.create(BROKER_CERT);
        try {
            Map<String, String> config = tlsBrokerConfig(tls, "SASL_SSL");
            config.putAll(scramBrokerConfig());
            config.put("listener.security.protocol.map", CLIENT_LISTENER + ":SASL_SSL," + CONTROLLER_LISTENER + ":PLAINTEXT");
            KafkaClusterTestKit cluster = startCluster(SecurityProtocol.SASL_PLAINTEXT, config);
            try {
                createScramUser(cluster, tlsClientProperties(tls, "SASL_SSL"), user, password);
            } catch (Exception e) {
                cluster.close();
                throw e;
            }
            return new EmbeddedKafka(cluster, scramClientProperties("SASL_SSL", tlsClientProperties(tls, "SASL_SSL"),
                    user, password), tls, null);
        } catch (Exception e) {
            tls.close();
            throw e;
        }
    }

    private static Map<String, String> scramBrokerConfig() {
        return Map.of("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256",
                // authentication is what is under test; authorisation stays open to authenticated users
                "allow.everyone.if.no.acl.found", "true");
    }

    /** Creates the SCRAM user as the test kit's PLAIN super-user. */
    private static void createScramUser(KafkaClusterTestKit cluster, Map<String, String> transport, String user,
            String password) throws Exception {
        Properties admin = new Properties();
        admin.putAll(transport);
        admin.put("bootstrap.servers", cluster.bootstrapServers());
        admin.put("sasl.mechanism", "PLAIN");
        admin.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + JaasUtils.KAFKA_PLAIN_ADMIN + "\" password=\"" + JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD + "\";");
        try (Admin a = Admin.create(admin)) {
            a.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), password))).all().get();
        }
    }

    private static Map<String, String> scramClientProperties(String protocol, Map<String, String> tlsProps, String user,
            String password) {
        Map<String, String> p = new HashMap<>(tlsProps);
        p.put("security.protocol", protocol);
        p.put("sasl.mechanism", "SCRAM-SHA-256");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        return Map.copyOf(p);
    }

    /**
     * The broker's keystore (certificate for localhost and 127.0.0.1) on every TLS listener, and the CA as
     * truststore: with one broker, inter-broker traffic (e.g. transaction markers) goes from the broker
     * to its own client listener and verifies it like any client.
     */
    private static Map<String, String> tlsBrokerConfig(ThrowAwayTls tls, String protocol) {
        Path keystore = tls.keystore(BROKER_CERT.name());
        Map<String, String> config = new HashMap<>(tlsClientProperties(tls, protocol));
        config.remove("security.protocol");
        config.put("ssl.keystore.location", keystore.toString());
        config.put("ssl.keystore.password", tls.password());
        config.put("ssl.keystore.type", ThrowAwayTls.STORE_TYPE);
        config.put("ssl.client.auth", "none");
        return config;
    }

    /** What an operator configures: the protocol and a truststore with the CA; host names verified (default). */
    private static Map<String, String> tlsClientProperties(ThrowAwayTls tls, String protocol) {
        return Map.of("security.protocol", protocol,
                "ssl.truststore.location", tls.truststore().toString(),
                "ssl.truststore.password", tls.password(),
                "ssl.truststore.type", ThrowAwayTls.STORE_TYPE);
    }

    private static KafkaClusterTestKit startCluster(SecurityProtocol protocol, Map<String, String> brokerConfig) throws Exception {
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
                .setBrokerListenerName(new ListenerName(CLIENT_LISTENER))
                .setControllerListenerName(new ListenerName(CONTROLLER_LISTENER))
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

    /**
     * Only on a {@link #startWithTls()} broker: a TLS listener whose certificate is signed by the trusted
     * CA but issued to {@link #WRONG_HOST}, not localhost. With {@link #clientProperties()} and this as
     * bootstrap servers, a client must fail host name verification.
     */
    public String wrongHostnameBootstrapServers() {
        if (wrongHostnameBootstrap == null) {
            throw new IllegalStateException("only a broker from startWithTls() has the wrong-host-name listener");
        }
        return wrongHostnameBootstrap;
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
        try {
            cluster.close();
        } finally {
            if (tls != null) {
                tls.close();
            }
        }
    }
}
