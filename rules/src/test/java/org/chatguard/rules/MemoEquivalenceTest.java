package org.chatguard.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.chatguard.rules.bench.ChatLines;
import org.chatguard.rules.eval.Perturber;
import org.junit.jupiter.api.Test;

/**
 * The per-thread lookup memo (plain, squeezed and joined words) is a cache, never a second opinion: a
 * verdict must not depend on whether a word was looked up before. Each text is moderated by a warm
 * engine (every word of the run so far memoised, the hot path the benchmark measures) and by a fresh one
 * (every lookup computed from the pack), over generated chat and the labelled sets with their evasions.
 */
class MemoEquivalenceTest {

    private static List<String> texts() throws IOException {
        // a word seen whole before its pieces: a joined word is looked up without suffix wildcards
        // ("a bit ch" is not "*bitch"), a whole token with them, so the two must not share memo entries
        List<String> texts = new ArrayList<>(List.of("you abitch", "ur a bit ch", "isit ok", "is it ok", "fuckoff", "fuc k off",
                "soooo gooood", "so good", "sogood"));
        texts.addAll(ChatLines.generate(1_500, 42));
        ObjectMapper json = new ObjectMapper();
        long seed = 1;
        for (String file : List.of("evasion.jsonl", "innocent-lookalikes.jsonl", "personal-info.jsonl", "personal-info-prose.jsonl")) {
            try (InputStream in = MemoEquivalenceTest.class.getResourceAsStream("/eval/" + file)) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (line.isBlank()) {
                        continue;
                    }
                    String text = json.readTree(line).get("text").asText();
                    texts.add(text);
                    texts.add(Perturber.perturb(text, Perturber.Technique.MIXED, seed++));
                }
            }
        }
        return texts;
    }

    @Test
    void warmAndColdEnginesAgreeOnEveryVerdict() throws IOException {
        RulePack pack = RulePackLoader.defaultPack();
        ModerationEngine warm = ModerationEngine.of(pack);
        List<String> texts = texts();
        for (String t : texts) {
            warm.analyze(t); // memoise every word first, so the second pass below is all hits
        }
        for (String t : texts) {
            assertEquals(ModerationEngine.of(pack).analyze(t), warm.analyze(t), t);
        }
    }

    /** The memo against a HashMap over colliding hashes, growth and clears. */
    @Test
    void tokenMemoBehavesLikeAMap() {
        PackIndex.TokenMemo memo = new PackIndex.TokenMemo(4);
        Map<String, int[]> model = new HashMap<>();
        Random rnd = new Random(7);
        for (int step = 0; step < 20_000; step++) {
            String key = Integer.toString(rnd.nextInt(3_000), 36);
            char[] buf = ("xx" + key).toCharArray();
            // the hash is a function of the key, as in the engine; a third of the keys share a few values
            int hash = key.hashCode() % 3 == 0 ? key.length() : key.hashCode();
            int[] got = memo.get(hash, buf, 2, key.length());
            int[] want = model.get(key);
            if (want == null) {
                assertNull(got, key);
                int[] ids = {rnd.nextInt(100), step};
                memo.put(hash, buf, 2, key.length(), ids);
                model.put(key, ids);
            } else {
                assertArrayEquals(want, got, key);
            }
            assertEquals(model.size(), memo.size());
            if (rnd.nextInt(5_000) == 0) {
                memo.clear();
                model.clear();
            }
        }
    }
}
