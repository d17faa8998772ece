package org.chatguard.load.gen;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;

/**
 * Endless, deterministic chat traffic: a population of users and conversations with Zipf-skewed
 * activity, the site's channels (general rooms, bubble/group chats, one-to-one chats, inbox, blog posts
 * and comments), message lengths like real chat (log-normal: short chat lines, longer inbox messages,
 * long blog posts) and a configurable share of harmful content from {@link Templates}.
 *
 * <p>Everything comes from one {@link SplittableRandom} seeded by the config, consumed in a fixed
 * order, so the same config produces the same messages byte for byte. Not thread-safe.
 */
public final class TrafficGenerator implements Iterator<GeneratedMessage> {

    /** A conversation: its id, channel and members (for general rooms: none, anyone may post). */
    record Conversation(String id, String channel, String[] members) {
    }

    private static final class Pool {
        final Conversation[] conversations;
        final Zipf zipf;

        Pool(Conversation[] c, double exponent) {
            conversations = c;
            zipf = new Zipf(c.length, exponent);
        }

        Conversation pick(SplittableRandom rnd) {
            return conversations[zipf.sample(rnd)];
        }
    }

    private final GeneratorConfig cfg;
    private final SplittableRandom rnd;
    private final Zipf users;
    private final Pool general;
    private final Pool bubble;
    private final Pool privateChat;
    private final Pool inbox;
    private final Pool blog;
    /** The busy general room of {@link GeneratorConfig#hotRoomShare()}; outside the general pool's Zipf. */
    private final Conversation hotRoom = new Conversation("general-hot", "general", new String[0]);
    private final Harm[] harms;
    private final double[] harmCdf;
    private final long startMillis;
    private double elapsedSeconds;
    private long seq;

    public TrafficGenerator(GeneratorConfig cfg) {
        this.cfg = cfg;
        this.rnd = new SplittableRandom(cfg.seed());
        // the population comes from its own stream so that changing it does not shift every later draw
        SplittableRandom setup = new SplittableRandom(cfg.seed() ^ 0x5DEECE66DL);
        this.users = new Zipf(cfg.users(), cfg.zipfExponent());
        int n = cfg.conversations();
        this.general = new Pool(rooms("general", "general", Math.max(1, n / 50)), cfg.zipfExponent());
        this.bubble = new Pool(groups(setup, "bubble", "bubble", Math.max(1, n / 2), 3, 8), cfg.zipfExponent());
        this.privateChat = new Pool(groups(setup, "chat", "private", n, 2, 2), cfg.zipfExponent());
        this.inbox = new Pool(groups(setup, "inbox", "inbox", n, 2, 2), cfg.zipfExponent());
        this.blog = new Pool(groups(setup, "blog", "blog", Math.max(1, n / 2), 1, 1), cfg.zipfExponent());
        List<Harm> hs = new ArrayList<>();
        List<Double> ws = new ArrayList<>();
        for (Harm h : Harm.values()) {
            Double w = cfg.harmWeights().get(h);
            if (w != null && w > 0) {
                hs.add(h);
                ws.add(w);
            }
        }
        harms = hs.toArray(new Harm[0]);
        harmCdf = new double[harms.length];
        double sum = ws.stream().mapToDouble(Double::doubleValue).sum();
        double acc = 0;
        for (int i = 0; i < harms.length; i++) {
            acc += ws.get(i) / sum;
            harmCdf[i] = acc;
        }
        harmCdf[harms.length - 1] = 1.0;
        startMillis = cfg.start().toEpochMilli();
    }

    private static Conversation[] rooms(String prefix, String channel, int count) {
        Conversation[] c = new Conversation[count];
        for (int i = 0; i < count; i++) {
            c[i] = new Conversation(prefix + "-" + i, channel, new String[0]);
        }
        return c;
    }

    private Conversation[] groups(SplittableRandom setup, String prefix, String channel, int count, int min, int max) {
        Conversation[] c = new Conversation[count];
        for (int i = 0; i < count; i++) {
            int size = min + (max > min ? setup.nextInt(max - min + 1) : 0);
            List<String> members = new ArrayList<>(size);
            while (members.size() < size) {
                String u = user(users.sample(setup));
                if (!members.contains(u)) {
                    members.add(u);
                }
            }
            c[i] = new Conversation(prefix + "-" + i, channel, members.toArray(new String[0]));
        }
        return c;
    }

    private static String user(int rank) {
        return "u-" + rank;
    }

    public GeneratorConfig config() {
        return cfg;
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public GeneratedMessage next() {
        seq++;
        elapsedSeconds += -Math.log(1.0 - rnd.nextDouble()) / cfg.meanRate();
        Instant sentAt = Instant.ofEpochMilli(startMillis + (long) (elapsedSeconds * 1000.0));

        // the hot-room draw exists only when the option is on, so the default traffic stays byte for byte
        boolean hot = cfg.hotRoomShare() > 0 && rnd.nextDouble() < cfg.hotRoomShare();
        double k = rnd.nextDouble();
        ContentKind kind = hot || k < cfg.chatShare() ? ContentKind.CHAT
                : k < cfg.chatShare() + cfg.privateShare() ? ContentKind.PRIVATE_MESSAGE : ContentKind.BLOG;
        Conversation conv;
        String channel;
        if (hot) {
            conv = hotRoom;
            channel = conv.channel();
        } else if (kind == ContentKind.CHAT) {
            double c = rnd.nextDouble();
            conv = c < 0.5 ? general.pick(rnd) : c < 0.75 ? bubble.pick(rnd) : privateChat.pick(rnd);
            channel = conv.channel();
        } else if (kind == ContentKind.PRIVATE_MESSAGE) {
            conv = inbox.pick(rnd);
            channel = conv.channel();
        } else {
            conv = blog.pick(rnd);
            channel = rnd.nextInt(4) == 0 ? "blog" : "comment";
        }

        String sender;
        List<String> recipients;
        String[] m = conv.members();
        if (m.length == 0) {
            sender = user(users.sample(rnd));
            recipients = List.of();
        } else if (kind == ContentKind.BLOG) {
            String author = m[0];
            sender = "blog".equals(channel) ? author : user(users.sample(rnd));
            recipients = sender.equals(author) ? List.of() : List.of(author);
        } else {
            int s = rnd.nextInt(m.length);
            sender = m[s];
            recipients = new ArrayList<>(m.length - 1);
            for (int i = 0; i < m.length; i++) {
                if (i != s) {
                    recipients.add(m[i]);
                }
            }
        }

        Harm harm = rnd.nextDouble() < cfg.harmfulShare() ? pickHarm() : Harm.NONE;
        String text = text(kind, channel, harm);
        boolean malformed = cfg.malformedShare() > 0 && rnd.nextDouble() < cfg.malformedShare();
        ChatMessage msg = new ChatMessage("m-" + seq, kind, channel, conv.id(), sender, recipients, text, sentAt);
        return new GeneratedMessage(msg, harm, malformed);
    }

    private Harm pickHarm() {
        double h = rnd.nextDouble();
        for (int i = 0; i < harms.length; i++) {
            if (h < harmCdf[i]) {
                return harms[i];
            }
        }
        return harms[harms.length - 1];
    }

    /** Target length in words: log-normal, with a median per channel like real chat logs. */
    private int targetWords(ContentKind kind, String channel) {
        double median;
        double sigma;
        int max;
        if (kind == ContentKind.BLOG && "blog".equals(channel)) {
            median = 120;
            sigma = 0.6;
            max = 800;
        } else if (kind == ContentKind.BLOG || kind == ContentKind.PRIVATE_MESSAGE) {
            median = 16;
            sigma = 0.7;
            max = 200;
        } else {
            median = 5;
            sigma = 0.8;
            max = 60;
        }
        long w = Math.round(Math.exp(Math.log(median) + sigma * rnd.nextGaussian()));
        return (int) Math.max(1, Math.min(max, w));
    }

    private String text(ContentKind kind, String channel, Harm harm) {
        int target = targetWords(kind, channel);
        String core = harm == Harm.NONE ? Templates.benign(rnd) : Templates.harmful(harm, rnd);
        int words = countWords(core);
        if (words >= target) {
            return core;
        }
        // pad with ordinary chat around the core sentence, the harmful part somewhere inside
        StringBuilder before = new StringBuilder();
        StringBuilder after = new StringBuilder();
        boolean coreFirst = rnd.nextBoolean();
        while (words < target) {
            String piece = rnd.nextInt(4) == 0 ? Templates.benign(rnd) : Templates.pick(Templates.FILLER, rnd);
            StringBuilder side = coreFirst || rnd.nextBoolean() ? after : before;
            if (side.length() > 0) {
                side.append(rnd.nextInt(8) == 0 ? ". " : " ");
            }
            side.append(piece);
            words += countWords(piece);
        }
        StringBuilder out = new StringBuilder(before.length() + core.length() + after.length() + 4);
        if (before.length() > 0) {
            out.append(before).append(' ');
        }
        out.append(core);
        if (after.length() > 0) {
            out.append(' ').append(after);
        }
        return out.toString();
    }

    private static int countWords(String s) {
        int n = 1;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ' ') {
                n++;
            }
        }
        return n;
    }

    /** The next {@code n} messages. */
    public List<GeneratedMessage> take(int n) {
        List<GeneratedMessage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    /** Counts per label, for summaries. */
    public static Map<Harm, Long> countHarms(Iterable<GeneratedMessage> messages) {
        Map<Harm, Long> m = new java.util.EnumMap<>(Harm.class);
        for (GeneratedMessage g : messages) {
            m.merge(g.harm(), 1L, Long::sum);
        }
        return m;
    }
}
