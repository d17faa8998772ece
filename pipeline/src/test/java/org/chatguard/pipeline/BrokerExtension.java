package org.chatguard.pipeline;

import org.chatguard.connectors.kafka.EmbeddedKafka;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kafka broker for one test class, started before its first test and closed after its last:
 * {@code @RegisterExtension static final BrokerExtension BROKER = new BrokerExtension(EmbeddedKafka::startWithTls);}
 */
public final class BrokerExtension implements BeforeAllCallback, AfterAllCallback {

    /** How to start the broker (plain, SASL/SCRAM, TLS ...). */
    @FunctionalInterface
    public interface Starter {
        EmbeddedKafka start() throws Exception;
    }

    private final Starter starter;
    private EmbeddedKafka kafka;

    public BrokerExtension(Starter starter) {
        this.starter = starter;
    }

    /** A plaintext broker. */
    public static BrokerExtension plain() {
        return new BrokerExtension(EmbeddedKafka::start);
    }

    public EmbeddedKafka kafka() {
        if (kafka == null) {
            throw new IllegalStateException("the broker is started before the class's first test, not earlier");
        }
        return kafka;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        kafka = starter.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }
}
