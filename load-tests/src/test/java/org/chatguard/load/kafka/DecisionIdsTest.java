package org.chatguard.load.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class DecisionIdsTest {

    static String id(String json) {
        return DecisionIds.extract(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fastPathSlowPathAndGarbage() {
        assertEquals("m-1", id("{\"id\":\"m-1\",\"kind\":\"CHAT\"}"));
        assertEquals("m-2", id("{ \"kind\":\"CHAT\", \"matches\":[{\"id\":\"x\"}], \"id\" : \"m-2\"}"));
        assertEquals("a\"b", id("{\"id\":\"a\\\"b\"}"));
        assertNull(id("{\"kind\":\"CHAT\"}"));
        assertNull(id("{\"id\":42}"));
        assertNull(id("not json"));
        assertNull(DecisionIds.extract(null));
    }

    @Test
    void loadGoesToLocalhostOnly() {
        assertEquals("localhost:9092,127.0.0.1:9093", Localhost.require("localhost:9092,127.0.0.1:9093"));
        assertEquals("[::1]:9092", Localhost.require("[::1]:9092"));
        assertThrows(IllegalArgumentException.class, () -> Localhost.require("localhost:9092,kafka.example.com:9092"));
        assertThrows(IllegalArgumentException.class, () -> Localhost.require("10.1.2.3:9092"));
    }
}
