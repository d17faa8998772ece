package org.chatguard.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

    @Test
    void secretsNeverAppearInToString() {
        KafkaSettings s = new KafkaSettings("localhost:9092", "g", Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"cg\" password=\"hunter2\";",
                "ssl.truststore.password", "changeit"));
        String shown = s.toString();
        assertFalse(shown.contains("hunter2"), shown);
        assertFalse(shown.contains("changeit"), shown);
        assertTrue(shown.contains("SASL_SSL"), shown);
        assertEquals("changeit", s.clientProps().getProperty("ssl.truststore.password"), "but they do reach the clients");
        assertEquals("localhost:9092", s.clientProps().getProperty("bootstrap.servers"));
    }

    @Test
    void bootstrapServersAreRequired() {
        assertThrows(IllegalArgumentException.class, () -> new KafkaSettings(" ", "g"));
    }
}
