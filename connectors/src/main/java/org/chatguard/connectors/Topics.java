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
 *
 * <p>Serdes: inputs are raw JSON bytes ({@code MessageParser}); decisions, staff alerts, dead letters and
 * shadow diffs ({@code org.chatguard.model.ShadowDiff}, ids and rule ids only, no text) are JSON written by
 * {@code EventJson} (keys: conversation id, alert id, source topic, message id); staff actions JSON read by
 * {@code EventJson.staffAction}; rule updates are the pack's YAML/JSON text keyed by role ({@link #LIVE_PACK_KEY}
 * or any other key: the live pack; {@link #SHADOW_PACK_KEY}: the candidate pack of a shadow run, a tombstone ends it).
 */
public record Topics(
        String chatMessages,
        String privateMessages,
        String blogPosts,
        String decisions,
        String staffAlerts,
        String deadLetter,
        String staffActions,
        String ruleUpdates,
        String shadowDiffs) implements Serializable {

    /** Key of the live rule pack on the rule-updates topic (the topic is compacted per key). */
    public static final String LIVE_PACK_KEY = "default";
    /** Key of a shadow run's candidate pack on the rule-updates topic; a tombstone under it ends the run. */
    public static final String SHADOW_PACK_KEY = "shadow";
    /** Shadow diffs are diagnostics about packs, not personal data beyond ids: kept as long as dead letters. */
    public static final Duration SHADOW_DIFF_RETENTION = Duration.ofDays(30);

    public static final Duration CHAT_RETENTION = Duration.ofDays(365);
    public static final Duration SAFEGUARDING_RETENTION = Duration.ofDays(6 * 365 + 2);
    /** Dead letters hold raw chat text: keep them no longer than the chat records they came from. */
    public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(30);

    /** The topics before shadow mode: shadow diffs get the default name beside the rule-updates topic's prefix. */
    public Topics(String chatMessages, String privateMessages, String blogPosts, String decisions, String staffAlerts,
                  String deadLetter, String staffActions, String ruleUpdates) {
        this(chatMessages, privateMessages, blogPosts, decisions, staffAlerts, deadLetter, staffActions, ruleUpdates,
                (ruleUpdates != null && ruleUpdates.endsWith("rule-updates")
                        ? ruleUpdates.substring(0, ruleUpdates.length() - "rule-updates".length()) : "") + "shadow-diffs");
    }

    public Topics {
        for (String t : List.of(chatMessages, privateMessages, blogPosts, decisions, staffAlerts, deadLetter, staffActions, ruleUpdates,
                shadowDiffs)) {
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
                prefix + "staff-actions", prefix + "rule-updates", prefix + "shadow-diffs");
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
                ruleUpdates, Map.of("cleanup.policy", "compact"),
                shadowDiffs, Map.of("retention.ms", Long.toString(SHADOW_DIFF_RETENTION.toMillis())));
    }

    public List<String> all() {
        return List.of(chatMessages, privateMessages, blogPosts, decisions, staffAlerts, deadLetter, staffActions, ruleUpdates,
                shadowDiffs);
    }
}
