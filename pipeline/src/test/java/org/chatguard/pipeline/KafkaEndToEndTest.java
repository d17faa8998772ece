package org.chatguard.pipeline;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


/** The full job on a Flink MiniCluster against a real Kafka broker running in this JVM. */
class KafkaEndToEndTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @RegisterExtension
    static final BrokerExtension BROKER = BrokerExtension.plain();

    @Test
    void moderatesAllThreeKindsAndDeadLettersBadInput() throws Exception {
        EndToEndScenario.run(BROKER.kafka().clientProperties(), "e2e.");
    }
}
