package org.chatguard.pipeline;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Properties;
import java.util.concurrent.ExecutionException;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.chatguard.connectors.kafka.EmbeddedKafka;

/**
 * The end-to-end scenario against a broker that demands SASL/SCRAM: the security settings an operator
 * passes as Kafka client properties must reach the job's source, every sink (including the
 * transactional alerts producer) and the admin client.
 */
class KafkaScramEndToEndTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @RegisterExtension
    static final BrokerExtension BROKER = new BrokerExtension(() -> EmbeddedKafka.startWithScram("chatguard", "not-a-real-secret-42"));

    @Test
    void theBrokerRefusesWrongCredentials() {
        Properties wrong = BROKER.kafka().clientProperties();
        wrong.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"chatguard\" password=\"wrong\";");
        try (Admin admin = Admin.create(wrong)) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> admin.listTopics().names().get());
            if (!(e.getCause() instanceof SaslAuthenticationException)) {
                throw new AssertionError("expected an authentication failure", e);
            }
        }
    }

    @Test
    void moderatesOverAnAuthenticatedConnection() throws Exception {
        EndToEndScenario.run(BROKER.kafka().clientProperties(), "scram.");
    }
}
