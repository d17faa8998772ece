package org.chatguard.connectors.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.ContentKind;
import org.chatguard.model.Decision;
import org.chatguard.model.RuleMatch;

/** The direct Decision writer must produce exactly the data-bound mapper's bytes. */
class DecisionJsonTest {

    static final List<String> TEXTS = List.of("", "this homework is ******* impossible", "quote \" backslash \\ slash /",
            "control \u0000\u0001\n\t\r\u001f\u007f", "caf\u00e9 \u20ac \uD83D\uDE00", "lone \uD800 high", "lone \uDC00 low",
            "</script><b>&amp;</b>", "\u2028\u2029", "x".repeat(5000));

    static List<Instant> instants() {
        List<Instant> out = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("2026-11-27T09:15:03.021Z"),
                Instant.parse("2026-11-27T09:15:03Z"), Instant.parse("2026-11-27T09:15:03.000001Z"),
                Instant.parse("2026-11-27T09:15:03.100000001Z"), Instant.parse("1969-12-31T23:59:59.999999999Z"),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999Z"),
                Instant.parse("-0001-12-31T23:59:59Z"), Instant.parse("+10000-01-01T00:00:00Z"), Instant.MIN, Instant.MAX,
                Instant.parse("2000-02-29T12:00:00Z"), Instant.parse("2100-03-01T00:00:00Z"), Instant.parse("1600-02-29T00:00:00Z")));
        Random r = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            out.add(Instant.ofEpochSecond(r.nextLong() % 300_000_000_000L, r.nextInt(4) == 0 ? 0 : r.nextInt(1_000_000_000)));
            out.add(Instant.ofEpochMilli(r.nextLong() % 4_000_000_000_000L));
        }
        return out;
    }

    @Test
    void instantsFormatAsInstantToString() {
        for (Instant t : instants()) {
            assertEquals(t.toString(), DecisionJson.instant(t));
        }
    }

    @Test
    void sameBytesAsTheMapper() throws Exception {
        Random r = new Random(11);
        List<Instant> times = instants();
        for (int i = 0; i < 3_000; i++) {
            String text = TEXTS.get(r.nextInt(TEXTS.size()));
            List<RuleMatch> matches = new ArrayList<>();
            for (int k = r.nextInt(3); k > 0; k--) {
                matches.add(new RuleMatch("r." + k, Category.values()[r.nextInt(Category.values().length)], r.nextInt(6),
                        Action.values()[r.nextInt(Action.values().length)], k, k + 3, r.nextBoolean() ? null : "secrecy"));
            }
            List<Category> cats = matches.stream().map(RuleMatch::category).distinct().toList();
            Decision d = new Decision(r.nextInt(10) == 0 ? null : "m-" + i, r.nextInt(10) == 0 ? null : ContentKind.values()[i % 3],
                    "c-\u00e9" + i, r.nextInt(10) == 0 ? null : "u-" + i, r.nextInt(10) == 0 ? null : Action.values()[i % 4],
                    r.nextInt(10) == 0 ? null : text, cats, matches,
                    r.nextBoolean() ? List.of() : List.of("user-blocked", "conversation-risk: \"x\""),
                    r.nextInt(10) == 0 ? null : "en-default-2026.11.1",
                    r.nextInt(10) == 0 ? null : times.get(r.nextInt(times.size())), times.get(r.nextInt(times.size())));
            byte[] expected = EventJson.mapper().writeValueAsBytes(d);
            assertArrayEquals(expected, EventJson.toBytes(d), () -> new String(expected, StandardCharsets.UTF_8));
        }
    }
}
