package org.chatguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.RuleMatch;
import org.chatguard.model.Tier;
import org.chatguard.rules.analysis.FusedChatChain;
import org.chatguard.rules.ml.ModelDetector;
import org.chatguard.rules.ml.ModelPolicy;
import org.junit.jupiter.api.Test;

/** Item 7: a new kind of detector is one class plus its place in the engine's list. */
class DetectorExtensionTest {

    /** A toy third detector: flags a word list of its own, reading the same tokens as the rules and the model. */
    static final class WordListDetector implements Detector {
        @Override
        public String kind() {
            return "wordlist";
        }

        @Override
        public String version() {
            return "wl-1";
        }

        @Override
        public Session newSession() {
            return new Session() {
                final java.util.List<int[]> spans = new java.util.ArrayList<>();

                @Override
                public FusedChatChain.Sink tokens() {
                    return (posInc, posLen, start, end, squeezed, term, len, hash) -> {
                        if (new String(term, 0, len).equals("zorg")) {
                            spans.add(new int[] {start, end});
                        }
                    };
                }

                @Override
                public void start() {
                    spans.clear();
                }

                @Override
                public void finish(Message m, Findings out) {
                    for (int[] s : spans) {
                        out.add(new Finding(new RuleMatch("wordlist:zorg", Category.INSULT, 2, Action.MASK, s[0], s[1], null),
                                Tier.MODERATOR, "insult: zorg (wordlist wl-1)"));
                    }
                }
            };
        }
    }

    @Test
    void aThirdDetectorRunsBesideRulesAndModel() {
        ModerationEngine e = ModerationEngine.of(List.of(new RulesDetector(RulePackLoader.defaultPack()),
                new ModelDetector(ModelDetector.defaultModel(), ModelPolicy.DEFAULT), new WordListDetector()));
        // folded by the shared analysis chain: "Z0RG" arrives as "zorg"
        Verdict v = e.analyze("you are a Z0RG, fuck off");
        assertEquals("you are a ****, **** off", v.displayText());
        assertTrue(v.reasonCodes().contains("insult: zorg (wordlist wl-1)"), v.reasonCodes().toString());
        assertTrue(v.matches().stream().anyMatch(m -> m.ruleId().startsWith("prof.")), v.matches().toString());
        assertEquals(ModelDetector.defaultModel().version(), v.modelVersion());
    }

    @Test
    void rulesAloneAndRulesPlusModelAgreeOnEveryRuleMatch() {
        ModerationEngine rules = ModerationEngine.of(RulePackLoader.defaultPack());
        ModerationEngine both = ModerationEngine.defaultEngine();
        for (String t : List.of("fuck off", "f u c k you", "call me on 07700 900123", "don't tell your parents", "kys", "hello")) {
            List<RuleMatch> a = rules.analyze(t).matches();
            List<RuleMatch> b = both.analyze(t).matches().stream().filter(m -> !m.ruleId().startsWith("model:")).toList();
            assertEquals(a, b, t);
        }
    }
}
