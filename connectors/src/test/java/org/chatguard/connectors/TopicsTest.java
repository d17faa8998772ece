package org.chatguard.connectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.chatguard.model.ContentKind;

class TopicsTest {

    @Test
    void eachInputTopicCarriesOneContentKind() {
        Topics t = Topics.withPrefix("site1.");
        assertEquals(List.of("site1.chat-messages", "site1.private-messages", "site1.blog-posts"), t.inputs());
        for (ContentKind k : ContentKind.values()) {
            assertEquals(k, t.kindOf(t.inputFor(k)));
        }
        assertNull(t.kindOf("site1.decisions"));
    }

    @Test
    void retentionFollowsThePolicies() {
        Topics t = Topics.defaults();
        long year = Duration.ofDays(365).toMillis();
        assertEquals(Long.toString(year), t.topicConfigs().get("chat-messages").get("retention.ms"));
        assertEquals(Long.toString(year), t.topicConfigs().get("decisions").get("retention.ms"));
        long alerts = Long.parseLong(t.topicConfigs().get("staff-alerts").get("retention.ms"));
        assertEquals(6 * 365 + 2, Duration.ofMillis(alerts).toDays(), "safeguarding records: six years");
        assertEquals(t.all().size(), t.topicConfigs().size(), "every topic has its settings");
    }

    @Test
    void invalidNamesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Topics.withPrefix("bad prefix/"));
    }
}
