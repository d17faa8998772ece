package org.chatguard.load.gen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.chatguard.connectors.json.MessageParser;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;

class TrafficGeneratorTest {

    private static final int N = 40_000;

    @Test
    void sameSeedGivesSameBytesAndOtherSeedDoesNot() {
        TrafficGenerator a = new TrafficGenerator(GeneratorConfig.defaults(42).withMalformedShare(0.01));
        TrafficGenerator b = new TrafficGenerator(GeneratorConfig.defaults(42).withMalformedShare(0.01));
        TrafficGenerator c = new TrafficGenerator(GeneratorConfig.defaults(43).withMalformedShare(0.01));
        int differ = 0;
        for (int i = 0; i < 5_000; i++) {
            GeneratedMessage x = a.next();
            GeneratedMessage y = b.next();
            GeneratedMessage z = c.next();
            assertArrayEquals(x.json(), y.json(), "message " + i);
            assertEquals(x.harm(), y.harm());
            if (!Arrays.equals(x.json(), z.json())) {
                differ++;
            }
        }
        assertTrue(differ > 4_900, "another seed gives other traffic, differ=" + differ);
    }

    @Test
    void mixOfKindsAndHarmsIsWithinTolerance() {
        GeneratorConfig cfg = GeneratorConfig.defaults(7).withHarmfulShare(0.10);
        TrafficGenerator g = new TrafficGenerator(cfg);
        Map<ContentKind, Integer> kinds = new EnumMap<>(ContentKind.class);
        Map<Harm, Integer> harms = new EnumMap<>(Harm.class);
        Set<String> channels = new HashSet<>();
        for (int i = 0; i < N; i++) {
            GeneratedMessage m = g.next();
            kinds.merge(m.message().kind(), 1, Integer::sum);
            harms.merge(m.harm(), 1, Integer::sum);
            channels.add(m.message().channel());
        }
        assertEquals(cfg.chatShare(), share(kinds.get(ContentKind.CHAT)), 0.01);
        assertEquals(cfg.privateShare(), share(kinds.get(ContentKind.PRIVATE_MESSAGE)), 0.01);
        assertEquals(cfg.blogShare(), share(kinds.get(ContentKind.BLOG)), 0.01);
        int harmful = N - harms.get(Harm.NONE);
        assertEquals(0.10, share(harmful), 0.006);
        double weightSum = cfg.harmWeights().values().stream().mapToDouble(Double::doubleValue).sum();
        for (Map.Entry<Harm, Double> w : cfg.harmWeights().entrySet()) {
            double expected = w.getValue() / weightSum;
            double actual = harms.getOrDefault(w.getKey(), 0) / (double) harmful;
            assertEquals(expected, actual, 0.025, "share of " + w.getKey() + " among harmful messages");
        }
        assertEquals(Set.of("general", "bubble", "private", "inbox", "blog", "comment"), channels);
    }

    @Test
    void activityIsZipfSkewedAndLengthsLookLikeChat() {
        TrafficGenerator g = new TrafficGenerator(GeneratorConfig.defaults(11));
        Map<String, Integer> bySender = new HashMap<>();
        List<Integer> chatWords = new ArrayList<>();
        List<Integer> blogWords = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            ChatMessage m = g.next().message();
            bySender.merge(m.senderId(), 1, Integer::sum);
            int words = m.text().split(" ").length;
            if (m.kind() == ContentKind.CHAT) {
                chatWords.add(words);
            } else if ("blog".equals(m.channel())) {
                blogWords.add(words);
            }
        }
        List<Integer> counts = new ArrayList<>(bySender.values());
        counts.sort((x, y) -> y - x);
        int top = Math.max(1, g.config().users() / 100);
        int topSum = counts.subList(0, top).stream().mapToInt(Integer::intValue).sum();
        assertTrue(topSum > 0.15 * N, "top 1% of users send well over 1% of messages: " + topSum);
        assertTrue(median(chatWords) <= 10, "chat lines are short: median " + median(chatWords));
        assertTrue(median(blogWords) >= 60, "blog posts are long: median " + median(blogWords));
    }

    @Test
    void everyRecordParsesBackExceptTheMalformedOnes() {
        TrafficGenerator g = new TrafficGenerator(GeneratorConfig.defaults(3).withMalformedShare(0.02));
        MessageParser parser = new MessageParser();
        int malformed = 0;
        for (int i = 0; i < 10_000; i++) {
            GeneratedMessage m = g.next();
            MessageParser.Result r = parser.parse(m.json(), null);
            if (m.malformed()) {
                malformed++;
                assertFalse(r.ok(), "malformed record must be rejected: " + new String(m.json()));
            } else {
                assertTrue(r.ok(), () -> r.error() + ": " + new String(m.json()));
                assertEquals(m.message(), r.message());
            }
        }
        assertTrue(malformed > 100 && malformed < 300, "malformed=" + malformed);
    }

    @Test
    void jsonEscapesQuotesAndControlCharacters() {
        ChatMessage m = new ChatMessage("m-1", ContentKind.CHAT, "general", "c", "u", List.of(),
                "she said \"hi\"\\ \n\t\u0001 ok 😀", java.time.Instant.parse("2026-11-27T09:15:00.123Z"));
        MessageParser.Result r = new MessageParser().parse(MessageJson.toBytes(m), null);
        assertTrue(r.ok(), r.error());
        assertEquals(m, r.message());
    }

    private static double share(int n) {
        return n / (double) N;
    }

    private static int median(List<Integer> xs) {
        List<Integer> s = new ArrayList<>(xs);
        s.sort(Integer::compare);
        return s.get(s.size() / 2);
    }

    /** SHA-256 of the first 20,000 messages of seed 42 (1 % malformed), computed with the generator before the hot room existed. */
    private static final String DEFAULT_TRAFFIC_SHA256 = "8f42aa84d85c210918336fc1e5594649f495bf51cf4ddfed754eb8b6a89c81f3";

    @Test
    void defaultTrafficIsByteForByteWhatItWasBeforeTheHotRoom() throws Exception {
        assertEquals(0.0, GeneratorConfig.defaults(42).hotRoomShare());
        TrafficGenerator g = new TrafficGenerator(GeneratorConfig.defaults(42).withMalformedShare(0.01));
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < 20_000; i++) {
            md.update(g.next().json());
        }
        assertEquals(DEFAULT_TRAFFIC_SHA256, HexFormat.of().formatHex(md.digest()));
    }

    @Test
    void hotRoomCarriesItsShareFromManySendersAndIsDeterministic() {
        GeneratorConfig cfg = GeneratorConfig.defaults(5).withHotRoomShare(0.3);
        TrafficGenerator g = new TrafficGenerator(cfg);
        TrafficGenerator same = new TrafficGenerator(cfg);
        Map<String, Integer> byConversation = new HashMap<>();
        Set<String> hotSenders = new HashSet<>();
        int hot = 0;
        for (int i = 0; i < N; i++) {
            GeneratedMessage m = g.next();
            assertArrayEquals(m.json(), same.next().json(), "message " + i);
            ChatMessage msg = m.message();
            byConversation.merge(msg.conversationId(), 1, Integer::sum);
            if ("general-hot".equals(msg.conversationId())) {
                hot++;
                hotSenders.add(msg.senderId());
                assertEquals(ContentKind.CHAT, msg.kind());
                assertEquals("general", msg.channel());
                assertTrue(msg.recipientIds().isEmpty(), "anyone may post in a general room");
            }
        }
        assertEquals(0.3, share(hot), 0.01);
        assertTrue(hotSenders.size() > 2_000, "a busy room has many distinct senders, had " + hotSenders.size());
        int runnerUp = byConversation.entrySet().stream().filter(e -> !e.getKey().equals("general-hot"))
                .mapToInt(Map.Entry::getValue).max().orElse(0);
        assertTrue(runnerUp < hot / 3, "the hot room dwarfs every other conversation: " + runnerUp + " vs " + hot);
        // the rest of the traffic keeps its mix: of the 70 % non-hot messages, chat/private/blog stay 0.70/0.20/0.10
        TrafficGenerator rest = new TrafficGenerator(cfg);
        Map<ContentKind, Integer> kinds = new EnumMap<>(ContentKind.class);
        for (int i = 0; i < N; i++) {
            ChatMessage msg = rest.next().message();
            if (!"general-hot".equals(msg.conversationId())) {
                kinds.merge(msg.kind(), 1, Integer::sum);
            }
        }
        assertEquals(0.20, kinds.get(ContentKind.PRIVATE_MESSAGE) / (double) (N - hot), 0.01);
        assertFalse(new TrafficGenerator(GeneratorConfig.defaults(5)).take(N).stream()
                .anyMatch(m -> "general-hot".equals(m.message().conversationId())), "no hot room by default");
    }
}
