package org.chatguard.connectors;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.chatguard.model.ContentKind;

/**
 * Every Kafka topic ChatGuard reads or writes, in one place. Names are configurable (a site may
 * prefix them); retention follows the policies of the sites we serve: chat records one year,
 * safeguarding records (alerts) six years.
 */
public record Topics(
        String chatMessages,
        String privateMessages,
        String blogPosts,
        String decisions,
        String staffAlerts,
        String deadLetter,
        String staffActions,
        String ruleUpdates) implements Serializable {

    public static final Duration CHAT_RETENTION = Duration.ofDays(365);
    public static final Duration SAFEGUARDING_RETENTION = Duration.ofDays(6 * 365 + 2);
    /** Dead letters hold raw chat text: keep them no longer than the chat records they came from. */
    public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(30);

    public Topics {
        for (String t : List.of(chatMessages, privateMessages, blogPosts, decisions, staffAlerts, deadLetter, staffActions, ruleUpdates)) {
            Objects.requireNonNull(t, "topic name");
            if (t.isBlank() || !t.matches("[A-Za-z0-9._-]{1,249}")) {
                throw new IllegalArgumentException("invalid Kafka topic name: '" + t + "'");
            }
        }
    }

    public static Topics defaults() {
        return withPrefix("");
    }

    /** Default names behind a prefix, e.g. {@code site1.} gives {@code site1.chat-messages}. */
    public static Topics withPrefix(String prefix) {
        return new Topics(prefix + "chat-messages", prefix + "private-messages", prefix + "blog-posts",
                prefix + "decisions", prefix + "staff-alerts", prefix + "dead-letter",
                prefix + "staff-actions", prefix + "rule-updates");
    }

    /** The input topics, one per content stream. */
    public List<String> inputs() {
        return List.of(chatMessages, privateMessages, blogPosts);
    }

    /** Which content stream an input topic carries; {@code null} for a topic that is not an input. */
    public ContentKind kindOf(String topic) {
        if (chatMessages.equals(topic)) {
            return ContentKind.CHAT;
        }
        if (privateMessages.equals(topic)) {
            return ContentKind.PRIVATE_MESSAGE;
        }
        if (blogPosts.equals(topic)) {
            return ContentKind.BLOG;
        }
        return null;
    }

    public String inputFor(ContentKind kind) {
        return switch (kind) {
            case CHAT -> chatMessages;
            case PRIVATE_MESSAGE -> privateMessages;
            case BLOG -> blogPosts;
        };
    }

    /** Topic-level configs (retention) for creating each topic; {@code retention.ms} in milliseconds. */
    public Map<String, Map<String, String>> topicConfigs() {
        String chat = Long.toString(CHAT_RETENTION.toMillis());
        String safeguarding = Long.toString(SAFEGUARDING_RETENTION.toMillis());
        return Map.of(
                chatMessages, Map.of("retention.ms", chat),
                privateMessages, Map.of("retention.ms", chat),
                blogPosts, Map.of("retention.ms", chat),
                decisions, Map.of("retention.ms", chat),
                staffAlerts, Map.of("retention.ms", safeguarding),
                deadLetter, Map.of("retention.ms", Long.toString(DEAD_LETTER_RETENTION.toMillis())),
                staffActions, Map.of("retention.ms", safeguarding),
                // rule packs are configuration, not personal data: compact so the newest version per key survives
                ruleUpdates, Map.of("cleanup.policy", "compact"));
    }

    public List<String> all() {
        return List.of(chatMessages, privateMessages, blogPosts, decisions, staffAlerts, deadLetter, staffActions, ruleUpdates);
    }
}
