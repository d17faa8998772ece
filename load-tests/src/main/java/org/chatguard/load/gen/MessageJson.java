package org.chatguard.load.gen;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.chatguard.model.ChatMessage;

/**
 * Writes a message in the site's input JSON, field for field like {@code EventJson}, without Jackson:
 * the load tool produces tens of thousands of these per second on a machine it shares with the job.
 */
public final class MessageJson {

    private MessageJson() {
    }

    public static byte[] toBytes(ChatMessage m) {
        return toBytes(m, m.id(), m.sentAt());
    }

    /** The message with its id and sentAt replaced (loops and open-loop sends rewrite both). */
    public static byte[] toBytes(ChatMessage m, String id, Instant sentAt) {
        StringBuilder sb = new StringBuilder(128 + m.text().length());
        sb.append("{\"id\":");
        str(sb, id);
        sb.append(",\"kind\":\"").append(m.kind().name()).append('"');
        if (m.channel() != null) {
            sb.append(",\"channel\":");
            str(sb, m.channel());
        }
        sb.append(",\"conversationId\":");
        str(sb, m.conversationId());
        sb.append(",\"senderId\":");
        str(sb, m.senderId());
        sb.append(",\"recipientIds\":[");
        List<String> r = m.recipientIds();
        for (int i = 0; i < r.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            str(sb, r.get(i));
        }
        sb.append("],\"text\":");
        str(sb, m.text());
        sb.append(",\"sentAt\":\"").append(sentAt.truncatedTo(ChronoUnit.MILLIS)).append("\"}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A record the site should never send, varied by the message's hash so every parser rejection is
     * seen: cut-off JSON, a missing required field, a wrong type, a bad timestamp, invalid UTF-8.
     */
    public static byte[] malformed(ChatMessage m) {
        String good = new String(toBytes(m), StandardCharsets.UTF_8);
        return switch (Math.floorMod(m.id().hashCode(), 5)) {
            case 0 -> good.substring(0, good.length() / 2).getBytes(StandardCharsets.UTF_8);
            case 1 -> good.replace("\"senderId\":", "\"sender\":").getBytes(StandardCharsets.UTF_8);
            case 2 -> good.replace("\"recipientIds\":[", "\"recipientIds\":[42,").getBytes(StandardCharsets.UTF_8);
            case 3 -> good.replaceFirst("\"sentAt\":\"[^\"]*\"", "\"sentAt\":\"yesterday\"").getBytes(StandardCharsets.UTF_8);
            default -> {
                byte[] b = good.getBytes(StandardCharsets.UTF_8);
                b[b.length / 2] = (byte) 0xC3; // a lone UTF-8 lead byte
                b[b.length / 2 + 1] = (byte) 0x28;
                yield b;
            }
        };
    }

    static void str(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
