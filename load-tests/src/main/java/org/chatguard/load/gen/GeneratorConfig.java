package org.chatguard.load.gen;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The shape of generated traffic.
 *
 * @param seed           same seed, same traffic (byte for byte)
 * @param users          distinct senders; activity is Zipf-skewed over them
 * @param conversations  distinct conversations per channel pool (general rooms are fewer: a tenth, at least 1)
 * @param zipfExponent   skew of user and conversation activity (about 1 on real sites)
 * @param chatShare      share of CHAT (general, bubble and private chat)
 * @param privateShare   share of PRIVATE_MESSAGE (inbox)
 * @param blogShare      share of BLOG (posts and comments); the three shares must add up to 1
 * @param harmfulShare   share of messages carrying harmful content
 * @param harmWeights    relative weights of the harmful kinds (NONE is ignored)
 * @param malformedShare share of records that are not valid messages (dead-letter path)
 * @param start          sentAt of the first message
 * @param meanRate       average messages per second of the sentAt timeline (Poisson arrivals)
 * @param hotRoomShare   share of all messages sent into one busy general-chat room ({@code general-hot},
 *                       any user may post, senders Zipf-skewed like everywhere else): a site's main room,
 *                       one huge conversation; 0 (the default) leaves the traffic exactly as without it
 */
public record GeneratorConfig(
        long seed,
        int users,
        int conversations,
        double zipfExponent,
        double chatShare,
        double privateShare,
        double blogShare,
        double harmfulShare,
        Map<Harm, Double> harmWeights,
        double malformedShare,
        Instant start,
        double meanRate,
        double hotRoomShare) {

    /** Without a hot room (the traffic before the option existed). */
    public GeneratorConfig(long seed, int users, int conversations, double zipfExponent, double chatShare,
                           double privateShare, double blogShare, double harmfulShare, Map<Harm, Double> harmWeights,
                           double malformedShare, Instant start, double meanRate) {
        this(seed, users, conversations, zipfExponent, chatShare, privateShare, blogShare, harmfulShare, harmWeights,
                malformedShare, start, meanRate, 0.0);
    }

    public GeneratorConfig {
        if (users < 2 || conversations < 1) {
            throw new IllegalArgumentException("need at least 2 users and 1 conversation");
        }
        if (chatShare < 0 || privateShare < 0 || blogShare < 0
                || Math.abs(chatShare + privateShare + blogShare - 1.0) > 1e-6) {
            throw new IllegalArgumentException("chat, private and blog shares must be >= 0 and add up to 1");
        }
        if (harmfulShare < 0 || harmfulShare > 1 || malformedShare < 0 || malformedShare > 1
                || !(hotRoomShare >= 0 && hotRoomShare <= 1)) {
            throw new IllegalArgumentException("shares must be within [0, 1]");
        }
        if (!(meanRate > 0)) {
            throw new IllegalArgumentException("meanRate must be > 0");
        }
        harmWeights = new EnumMap<>(harmWeights);
        harmWeights.remove(Harm.NONE);
        if (harmWeights.isEmpty() || harmWeights.values().stream().anyMatch(w -> w < 0)
                || harmWeights.values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
            throw new IllegalArgumentException("harm weights must be >= 0 with a positive sum");
        }
        harmWeights = Map.copyOf(harmWeights);
    }

    public static Map<Harm, Double> defaultHarmWeights() {
        Map<Harm, Double> w = new EnumMap<>(Harm.class);
        w.put(Harm.ABUSIVE, 0.35);
        w.put(Harm.BULLYING, 0.20);
        w.put(Harm.SELF_HARM, 0.12);
        w.put(Harm.GROOMING, 0.12);
        w.put(Harm.PERSONAL_INFO, 0.16);
        w.put(Harm.ABUSE_DISCLOSURE, 0.05);
        return w;
    }

    public static GeneratorConfig defaults(long seed) {
        return new GeneratorConfig(seed, 20_000, 5_000, 1.05, 0.70, 0.20, 0.10, 0.05, defaultHarmWeights(), 0.0,
                Instant.parse("2026-11-27T09:00:00Z"), 200.0);
    }

    public GeneratorConfig withHarmfulShare(double share) {
        return new GeneratorConfig(seed, users, conversations, zipfExponent, chatShare, privateShare, blogShare,
                share, harmWeights, malformedShare, start, meanRate, hotRoomShare);
    }

    public GeneratorConfig withMalformedShare(double share) {
        return new GeneratorConfig(seed, users, conversations, zipfExponent, chatShare, privateShare, blogShare,
                harmfulShare, harmWeights, share, start, meanRate, hotRoomShare);
    }

    public GeneratorConfig withMix(double chat, double priv, double blog) {
        return new GeneratorConfig(seed, users, conversations, zipfExponent, chat, priv, blog,
                harmfulShare, harmWeights, malformedShare, start, meanRate, hotRoomShare);
    }

    public GeneratorConfig withTimeline(Instant s, double rate) {
        return new GeneratorConfig(seed, users, conversations, zipfExponent, chatShare, privateShare, blogShare,
                harmfulShare, harmWeights, malformedShare, s, rate, hotRoomShare);
    }

    public GeneratorConfig withHotRoomShare(double share) {
        return new GeneratorConfig(seed, users, conversations, zipfExponent, chatShare, privateShare, blogShare,
                harmfulShare, harmWeights, malformedShare, start, meanRate, share);
    }

    public GeneratorConfig withPopulation(int u, int c, double exponent) {
        return new GeneratorConfig(seed, u, c, exponent, chatShare, privateShare, blogShare,
                harmfulShare, harmWeights, malformedShare, start, meanRate, hotRoomShare);
    }
}
