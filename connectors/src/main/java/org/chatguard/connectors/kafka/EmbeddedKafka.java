package org.chatguard.connectors.kafka;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

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

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static EmbeddedKafka start() throws Exception {
        return start(Map.of());
    }

    /** @param brokerConfig extra broker properties (e.g. listener security for security tests) */
    public static EmbeddedKafka start(Map<String, String> brokerConfig) throws Exception {
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
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
        return new EmbeddedKafka(cluster);
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public Properties clientProperties() {
        Properties p = new Properties();
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
