package org.chatguard.connectors.kafka;

import java.io.Serializable;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How to reach Kafka. {@code clientProperties} pass through unchanged to every consumer, producer and
 * admin client (security.protocol, sasl.*, ssl.*), so TLS and SASL need no code here.
 * {@link #toString()} hides values of secret-looking keys: settings get logged, secrets must not.
 */
public record KafkaSettings(String bootstrapServers, String groupId, Map<String, String> clientProperties)
        implements Serializable {

    public KafkaSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers are required");
        }
        clientProperties = clientProperties == null ? Map.of() : Map.copyOf(clientProperties);
    }

    public KafkaSettings(String bootstrapServers, String groupId) {
        this(bootstrapServers, groupId, Map.of());
    }

    public Properties clientProps() {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put("bootstrap.servers", bootstrapServers);
        return p;
    }

    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        clientProperties.forEach((k, v) -> shown.put(k, isSecret(k) ? "****" : v));
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", groupId=" + groupId + ", clientProperties=" + shown + "]";
    }

    static boolean isSecret(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        return k.contains("password") || k.contains("jaas") || k.contains("secret") || k.contains("key");
    }
}
