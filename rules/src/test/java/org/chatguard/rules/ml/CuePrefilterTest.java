package org.chatguard.rules.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The literal prefilter never changes which cues a text has: the conversation model's features stay what it was trained on. */
class CuePrefilterTest {

    @Test
    void sameCuesAsEveryRegexOnTheCorpus() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("../corpus/conversations"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl") && !p.toString().endsWith(".labels.jsonl")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    var t = json.readTree(line).get("text");
                    if (t != null) {
                        texts.add(t.asText());
                    }
                }
            }
        }
        assertTrue(texts.size() > 3000, "the corpus was read: " + texts.size());
        int withCues = 0;
        for (String t : texts) {
            int expected = Cue.readEveryRegex(t);
            assertEquals(expected, Cue.of(t), t);
            withCues += expected != 0 ? 1 : 0;
        }
        assertTrue(withCues > texts.size() / 5, "the corpus exercises the cues: " + withCues);
    }

    /** Random texts built from the cues' own words, spaced, joined and cut, with digits, quotes and emoji among them. */
    @Test
    void sameCuesAsEveryRegexOnRandomTexts() {
        List<String> words = new ArrayList<>();
        for (Cue c : Cue.values()) {
            for (String w : c.toString().length() > 0 ? patternWords(c) : List.<String>of()) {
                words.add(w);
            }
        }
        String[] extra = {"1", "12", "3.15", "10:30", "£5", "😂", "💀", "’", "'", "  ", "\t", "U", "R", "!", "?"};
        Random r = new Random(11);
        int withCues = 0;
        for (int i = 0; i < 50_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + r.nextInt(12);
            for (int k = 0; k < n; k++) {
                String w = r.nextInt(5) == 0 ? extra[r.nextInt(extra.length)] : words.get(r.nextInt(words.size()));
                if (r.nextInt(8) == 0 && w.length() > 2) {
                    w = w.substring(r.nextInt(w.length() / 2)); // a word's tail: matches that start mid-word
                }
                sb.append(r.nextInt(10) == 0 ? w.toUpperCase() : w);
                sb.append(r.nextInt(4) == 0 ? "" : " ");
            }
            String t = sb.toString();
            int expected = Cue.readEveryRegex(t);
            assertEquals(expected, Cue.of(t), t);
            withCues += expected != 0 ? 1 : 0;
        }
        assertTrue(withCues > 10_000, "random texts hit cues: " + withCues);
    }

    private static List<String> patternWords(Cue c) {
        String src = patternOf(c).replaceAll("\\\\b|\\(\\?![^)]*\\)", " ").replaceAll("[^a-z0-9£ ]+", " ");
        List<String> out = new ArrayList<>();
        for (String w : src.trim().split(" +")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    private static String patternOf(Cue c) {
        try {
            var f = Cue.class.getDeclaredField("pattern");
            f.setAccessible(true);
            return ((java.util.regex.Pattern) f.get(c)).pattern();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
