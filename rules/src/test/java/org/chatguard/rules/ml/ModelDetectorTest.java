package org.chatguard.rules.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;
import org.chatguard.model.RuleMatch;
import org.chatguard.model.Tier;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.RulePackLoader;
import org.chatguard.rules.Verdict;
import org.chatguard.rules.analysis.ConfusableFoldingCharFilter;
import org.chatguard.rules.analysis.FusedChatChain;
import org.chatguard.rules.decide.Decider;
import org.junit.jupiter.api.Test;

/** The bundled model inside the engine: policy, explanations, versions, scores on every verdict. */
class ModelDetectorTest {

    /** Distress without a word of the pack: the example the issue gives of what the rules miss. */
    static final String DISTRESS = "nobody would even notice if i wasnt here anymore";
    static final String NEUTRAL = "see you at lunch";
    /**
     * The policy tests pin the self-harm threshold halfway between a neutral line and the distress line, so
     * they test the policy, not where the shipped threshold happens to sit; that the distress line scores
     * clearly higher is the model's part, asserted below.
     */
    static final ModerationEngine PLAIN = ModerationEngine.defaultEngine();
    static final float MID = (float) ((PLAIN.analyze(DISTRESS).modelScores().score(Concern.SELF_HARM)
            + PLAIN.analyze(NEUTRAL).modelScores().score(Concern.SELF_HARM)) / 2);
    static final ModerationEngine ENGINE = engine("self-harm.threshold=" + MID);

    static ModerationEngine engine(String policy) {
        return ModerationEngine.withModel(RulePackLoader.defaultPack(), ModelDetector.defaultModel(), ModelPolicy.parse(policy));
    }

    @Test
    void distressScoresFarAboveEverydayChat() {
        double d = PLAIN.analyze(DISTRESS).modelScores().score(Concern.SELF_HARM);
        for (String t : List.of(NEUTRAL, "that game was so good", "my dog is called biscuit", "homework is due tomorrow")) {
            double n = PLAIN.analyze(t).modelScores().score(Concern.SELF_HARM);
            assertTrue(d > n + 0.1, t + ": " + n + " vs distress " + d);
        }
    }

    @Test
    void distressWithoutAPackWordIsFlaggedForACounsellorAndShownUnchanged() {
        Verdict rules = ModerationEngine.of(RulePackLoader.defaultPack()).analyze(DISTRESS);
        assertFalse(rules.flagged(), "the rules alone miss it: " + rules.matches());
        Verdict v = ENGINE.analyze(DISTRESS);
        assertEquals(Action.ALLOW, v.action(), "a model flag alone never changes what the child sees");
        assertEquals(DISTRESS, v.displayText());
        assertEquals(Tier.COUNSELLOR, v.alertTier());
        assertEquals(Category.SELF_HARM, v.alertCategory());
        assertTrue(v.categories().contains(Category.SELF_HARM));
        assertTrue(v.modelScores().flagged(Concern.SELF_HARM), v.modelScores().toString());
        assertTrue(v.matches().stream().allMatch(m -> m.ruleId().equals("model:self-harm")), v.matches().toString());
    }

    @Test
    void everyVerdictCarriesScoresAndTheModelVersion() {
        Verdict v = PLAIN.analyze(NEUTRAL);
        assertFalse(v.flagged());
        assertEquals(ModelDetector.defaultModel().version(), v.modelVersion());
        for (Concern c : Concern.values()) {
            double p = v.modelScores().score(c);
            assertTrue(p >= 0 && p <= 1, c + " " + p);
            assertFalse(v.modelScores().flagged(c));
        }
        assertNull(ModerationEngine.of(RulePackLoader.defaultPack()).analyze("x").modelVersion(), "rules alone: no model");
        assertTrue(Double.isNaN(ModerationEngine.of(RulePackLoader.defaultPack()).analyze("x").modelScores().score(Concern.SELF_HARM)));
    }

    @Test
    void decisionsAndAlertsCarryTheModelVersion() {
        ChatMessage m = new ChatMessage("m1", ContentKind.CHAT, "c", "conv", "u1", List.of("u2"), DISTRESS, Instant.EPOCH);
        Decider.Outcome o = Decider.decide(m, ENGINE.analyze(DISTRESS), Instant.EPOCH);
        assertEquals(ENGINE.modelVersion(), o.decision().modelVersion());
        assertNotNull(o.alert());
        assertEquals(ENGINE.modelVersion(), o.alert().modelVersion());
        assertEquals(ENGINE.rulePackVersion(), o.alert().rulePackVersion());
    }

    /** Item 6: the reason names the top n-grams, and nothing of the message but them. */
    @Test
    void explanationsNameTheTopNgramsAndNoOtherText() {
        for (String text : List.of(DISTRESS, "i hate myself so much i want to disappear forever", "whats the point of living when nobody cares")) {
            Verdict v = engine("self-harm.threshold=0.05").analyze(text);
            List<String> reasons = v.reasonCodes().stream().filter(r -> r.contains("(model ")).toList();
            assertEquals(1, reasons.size(), text + " " + v.reasonCodes());
            String reason = reasons.get(0);
            Matcher q = Pattern.compile("\"([^\"]*)\"").matcher(reason);
            List<String> named = new ArrayList<>();
            while (q.find()) {
                named.add(q.group(1));
            }
            assertTrue(named.size() >= 1 && named.size() <= ModelDetector.TOP, reason);
            List<String> terms = terms(text);
            for (String n : named) {
                for (String w : n.split(" ")) {
                    assertTrue(terms.contains(w), "'" + w + "' is a normalised (squeezed) term of the message: " + reason);
                }
                assertTrue(n.split(" ").length <= 2, "an n-gram is a word or a word pair: " + n);
            }
            String outside = reason.replaceAll("\"[^\"]*\"", "");
            assertTrue(outside.matches("self-harm: model [01]\\.\\d\\d on (, )* \\(model [\\w.-]+\\)"), "no other text: " + outside);
            // each finding spans one named n-gram, inside the message
            for (RuleMatch m : v.matches()) {
                if (!m.ruleId().startsWith(ModelDetector.ID_PREFIX)) {
                    continue; // the rules' own matches
                }
                assertTrue(m.start() >= 0 && m.end() <= text.length() && m.end() > m.start(), m.toString());
                String span = text.substring(m.start(), m.end()).toLowerCase(Locale.ROOT).replaceAll("(\\p{L})\\1+", "$1");
                assertTrue(named.stream().anyMatch(n -> span.replace("'", "").contains(n.split(" ")[0])), span + " vs " + named);
            }
        }
    }

    private static List<String> terms(String text) {
        List<String> out = new ArrayList<>();
        new FusedChatChain().run(ConfusableFoldingCharFilter.of(text),
                (posInc, posLen, start, end, squeezed, term, len, hash) -> out.add(new String(term, 0, len).replaceAll("(\\p{L})\\1+", "$1")));
        return out;
    }

    @Test
    void aSitePolicyCanMaskOnlyTheSpansTheModelFound() {
        ModerationEngine masking = engine("self-harm.threshold=" + MID + ",self-harm.action=mask");
        Verdict v = masking.analyze(DISTRESS);
        assertEquals(Action.MASK, v.action());
        assertTrue(v.displayText().contains("*"), v.displayText());
        int masked = (int) v.displayText().chars().filter(ch -> ch == '*').count();
        assertTrue(masked < DISTRESS.replace(" ", "").length() / 2, "only the n-grams are hidden: " + v.displayText());
        for (RuleMatch m : v.matches()) {
            for (int i = m.start(); i < m.end(); i++) {
                assertEquals('*', v.displayText().charAt(i));
            }
        }
    }

    @Test
    void thresholdsTiersAndConcernsAreConfigurablePerSite() {
        ModerationEngine strict = engine("self-harm.threshold=0.999");
        assertFalse(strict.analyze(DISTRESS).modelScores().flagged(Concern.SELF_HARM));
        assertEquals(0.999, strict.analyze(DISTRESS).modelScores().threshold(Concern.SELF_HARM), 1e-6);
        ModerationEngine off = engine("self-harm.threshold=" + MID + ",self-harm.off=true");
        assertFalse(off.analyze(DISTRESS).flagged());
        assertTrue(off.analyze(DISTRESS).modelScores().score(Concern.SELF_HARM) > 0, "scores are still reported");
        ModerationEngine noAlert = engine("self-harm.threshold=" + MID + ",self-harm.tier=none");
        Verdict v = noAlert.analyze(DISTRESS);
        assertTrue(v.flagged());
        assertNull(v.alertTier());
    }

    @Test
    void badPolicyIsAClearError() {
        for (String spec : List.of("self-harm.threshold=2", "selfharm.threshold=0.5", "bullying.colour=red", "bullying",
                "grooming.tier=police", "sexual.action=explode")) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> ModelPolicy.parse(spec), spec);
            assertTrue(e.getMessage().startsWith("model policy") || e.getMessage().startsWith("unknown concern"), e.getMessage());
        }
    }
}
