package org.chatguard.load.run;

import java.time.Duration;
import java.time.Instant;

import org.chatguard.connectors.Topics;
import org.chatguard.load.gen.GeneratedMessage;
import org.chatguard.load.gen.MessageJson;
import org.chatguard.load.gen.TrafficGenerator;
import org.chatguard.model.ChatMessage;

/**
 * Generated traffic at a constant rate: message {@code i} is due {@code i / rate} seconds after the
 * start, and carries id {@code <prefix><i>} and that due time as its sentAt.
 */
public final class RateFeed implements Feed {

    private final TrafficGenerator generator;
    private final Topics topics;
    private final double rate;
    private final long count;
    private final String prefix;
    private long next;
    private long wallStartMillis;

    /**
     * @param prefix id prefix unique to this feed (decisions are matched back by it)
     */
    public RateFeed(TrafficGenerator generator, Topics topics, double rate, Duration duration, String prefix) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate must be > 0");
        }
        this.generator = generator;
        this.topics = topics;
        this.rate = rate;
        this.count = Math.max(1, (long) Math.ceil(rate * duration.toNanos() / 1e9));
        this.prefix = prefix;
    }

    @Override
    public void start(Instant wallStart) {
        wallStartMillis = wallStart.toEpochMilli();
    }

    @Override
    public boolean next(Slot slot) {
        if (next >= count) {
            return false;
        }
        GeneratedMessage g = generator.next();
        while (g.malformed()) {
            g = generator.next(); // no decision would come back: the load tool measures decisions only
        }
        ChatMessage m = g.message();
        long seq = next++;
        long offset = Math.round(seq * 1e9 / rate);
        slot.seq = seq;
        slot.offsetNanos = offset;
        slot.topic = topics.inputFor(m.kind());
        slot.key = m.conversationId();
        slot.value = MessageJson.toBytes(m, prefix + seq, Instant.ofEpochMilli(wallStartMillis + offset / 1_000_000));
        return true;
    }

    @Override
    public long seqOf(String decisionId) {
        if (!decisionId.startsWith(prefix)) {
            return -1;
        }
        long v = 0;
        int n = decisionId.length();
        if (n == prefix.length() || n - prefix.length() > 18) {
            return -1;
        }
        for (int i = prefix.length(); i < n; i++) {
            char c = decisionId.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v < count ? v : -1;
    }

    @Override
    public long capacity() {
        return count;
    }

    @Override
    public double targetRate() {
        return rate;
    }
}
