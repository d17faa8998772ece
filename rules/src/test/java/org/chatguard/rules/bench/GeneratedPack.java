package org.chatguard.rules.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.chatguard.rules.RulePackLoader;

/**
 * A large synthetic rule pack: the default pack plus N generated rules (single words, prefix and suffix
 * wildcards, two- and three-word phrases that start with common chat words, proximity rules), so
 * benchmarks can show that matching cost does not grow with the number of rules.
 */
public final class GeneratedPack {

    private static final String[] SYL = {"ka", "zor", "vek", "tri", "blu", "mon", "dra", "pex", "qui", "sol", "fen",
            "gar", "lim", "nox", "rud", "tas", "wix", "yel", "ob", "ur", "ix", "em", "ad", "ol"};
    private static final String[] COMMON = {"you", "i", "my", "send", "the", "your", "we", "go"};

    private GeneratedPack() {}

    static String word(Random rnd) {
        int n = 2 + rnd.nextInt(3);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(SYL[rnd.nextInt(SYL.length)]);
        }
        return b.toString();
    }

    /** YAML text of the default pack with {@code extra} generated rules appended. */
    public static String yaml(int extra, long seed) {
        String base;
        try (InputStream in = RulePackLoader.class.getResourceAsStream(RulePackLoader.DEFAULT_PACK_RESOURCE)) {
            base = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int combos = base.indexOf("\ncombos:");
        StringBuilder sb = new StringBuilder(base.length() + extra * 160);
        sb.append(base, 0, combos).append('\n');
        Random rnd = new Random(seed);
        String[] cats = {"profanity", "insult", "hate", "sexual", "violence"};
        for (int i = 0; i < extra; i++) {
            sb.append("  - id: gen.r").append(i).append('\n');
            sb.append("    category: ").append(cats[i % cats.length]).append('\n');
            sb.append("    severity: ").append(1 + i % 5).append('\n');
            sb.append("    action: ").append(i % 3 == 0 ? "block" : "mask").append('\n');
            int kind = rnd.nextInt(10);
            if (kind < 5) {
                sb.append("    terms: [\"").append(word(rnd)).append("\", \"").append(word(rnd)).append("\"]\n");
            } else if (kind < 6) {
                sb.append("    terms: [\"").append(word(rnd)).append("*\"]\n");
            } else if (kind < 7) {
                sb.append("    terms: [\"*").append(word(rnd)).append("\"]\n");
            } else if (kind < 9) {
                sb.append("    terms: [\"").append(COMMON[rnd.nextInt(COMMON.length)]).append(' ').append(word(rnd))
                        .append(rnd.nextBoolean() ? " " + word(rnd) : "").append("\"]\n");
            } else {
                sb.append("    near: {a: [\"").append(COMMON[rnd.nextInt(COMMON.length)]).append("\"], b: [\"")
                        .append(word(rnd)).append("\"], within: 3}\n");
            }
        }
        sb.append(base.substring(combos));
        return sb.toString();
    }
}
