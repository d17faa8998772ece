package org.chatguard.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.chatguard.connectors.kafka.EmbeddedKafka;

/**
 * The end-to-end scenario against a broker whose client listener speaks only TLS, with a CA and
 * certificates made for this run: the operator's {@code security.protocol=SSL} and truststore settings
 * must reach the job's source, every sink (including the transactional alerts producer) and the admin
 * client; and a client must refuse a broker it cannot verify, for the right reason.
 */
class KafkaTlsEndToEndTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @RegisterExtension
    static final BrokerExtension BROKER = new BrokerExtension(EmbeddedKafka::startWithTls);

    @Test
    void clientPropertiesAreWhatAnOperatorSets() {
        Properties p = BROKER.kafka().clientProperties();
        assertEquals("SSL", p.getProperty("security.protocol"));
        assertEquals("PKCS12", p.getProperty("ssl.truststore.type"));
        assertTrue(p.containsKey("ssl.truststore.location") && p.containsKey("ssl.truststore.password"));
        // host name verification stays at Kafka's default (https): nothing switches it off
        assertFalse(p.containsKey("ssl.endpoint.identification.algorithm"));
    }

    @Test
    void aClientWithoutTheTruststoreCannotConnect() {
        Properties p = quick(BROKER.kafka().clientProperties());
        p.remove("ssl.truststore.location");
        p.remove("ssl.truststore.password");
        p.remove("ssl.truststore.type");
        // the JDK's default trust anchors do not include this run's CA: the chain cannot be validated
        Throwable failure = handshakeFailure(p);
        assertTrue(hasCause(failure, CertPathBuilderException.class), () -> "expected an untrusted certificate path: " + chain(failure));
    }

    @Test
    void aClientRefusesACertificateIssuedToAnotherHost() {
        Properties p = quick(BROKER.kafka().clientProperties());
        p.put("bootstrap.servers", BROKER.kafka().wrongHostnameBootstrapServers());
        // the certificate chains to the trusted CA but names another host than the one connected to
        Throwable failure = handshakeFailure(p);
        assertFalse(hasCause(failure, CertPathBuilderException.class), () -> "trust should not be the problem: " + chain(failure));
        assertTrue(hasCause(failure, CertificateException.class)
                        && chain(failure).contains("localhost") && !chain(failure).contains("PKIX"),
                () -> "expected a host name mismatch for localhost: " + chain(failure));
    }

    @Test
    void moderatesOverTls() throws Exception {
        EndToEndScenario.run(BROKER.kafka().clientProperties(), "tls.");
    }

    /** Short client timeouts: a refused handshake must show up in seconds, not after the default minute. */
    private static Properties quick(Properties p) {
        p.put("request.timeout.ms", "5000");
        p.put("default.api.timeout.ms", "15000");
        p.put("socket.connection.setup.timeout.ms", "5000");
        p.put("reconnect.backoff.max.ms", "1000");
        return p;
    }

    private static Throwable handshakeFailure(Properties p) {
        try (Admin admin = Admin.create(p)) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> admin.listTopics().names().get());
            if (!(e.getCause() instanceof SslAuthenticationException)) {
                throw new AssertionError("expected a TLS handshake failure", e);
            }
            return e.getCause();
        }
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String chain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getClass().getName()).append(": ").append(c.getMessage()).append(" <- ");
        }
        return sb.toString();
    }
}
