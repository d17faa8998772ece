package org.chatguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.chatguard.model.RuleMatch;
import org.junit.jupiter.api.Test;

/** Exception phrases ({@code unless}): what they cancel, what they leave alone, and how packs are checked. */
class UnlessTest {

    static final String PACK = """
            version: "unless-1"
            rules:
              - id: ins.you
                category: insult
                severity: 3
                action: mask
                near: {a: ["you", "ur"], b: ["ugly", "fake"], within: 2}
                unless: ["not", "are you", "r u"]
              - id: gr.meet
                category: grooming
                severity: 4
                action: flag
                stage: meeting
                terms: ["meet you"]
                unless: ["nice to", "nice 2"]
              - id: prof.x
                category: profanity
                severity: 2
                action: mask
                terms: ["ugly"]
            """;

    static ModerationEngine engine() throws RulePackException {
        return ModerationEngine.of(RulePackLoader.parse("unless.yaml", PACK));
    }

    static List<String> ids(Verdict v) {
        return v.matches().stream().map(RuleMatch::ruleId).toList();
    }

    @Test
    void exceptionInsideOrJustBeforeTheMatchCancelsIt() throws RulePackException {
        ModerationEngine e = engine();
        assertTrue(ids(e.analyze("ur so ugly")).contains("ins.you"));
        assertTrue(!ids(e.analyze("ur not ugly")).contains("ins.you"), "negation between the parts");
        assertTrue(!ids(e.analyze("are you fake?")).contains("ins.you"), "a question, not a claim");
        assertTrue(!ids(e.analyze("R U fake??")).contains("ins.you"), "exceptions are normalised like terms");
        assertTrue(ids(e.analyze("lets meet you at the park")).contains("gr.meet"));
        assertEquals(List.of(), ids(e.analyze("hi nice to meet you")));
        assertEquals(List.of(), ids(e.analyze("n1ce 2 meet you")), "leetspeak in the exception too");
    }

    @Test
    void exceptionsOnlyCancelTheirOwnRuleAndOnlyNearby() throws RulePackException {
        ModerationEngine e = engine();
        // "not" cancels the insult but not the profanity rule that also matched "ugly"
        Verdict v = e.analyze("ur not ugly");
        assertEquals(List.of("prof.x"), ids(v));
        // an exception far away from the match does not count
        assertTrue(ids(e.analyze("i am not sure why but ur so ugly")).contains("ins.you"));
        // the same text twice: the second, unexcepted occurrence still matches
        assertTrue(ids(e.analyze("nice to meet you. can i meet you after school")).contains("gr.meet"));
    }

    @Test
    void packsAreChecked() {
        RulePackException onPattern = assertThrows(RulePackException.class, () -> RulePackLoader.parse("p.yaml", """
                version: "x"
                rules:
                  - id: pi.code
                    category: personal_info
                    severity: 3
                    action: mask
                    pattern: 'code:\\s*(\\d{4})'
                    unless: ["not"]
                """));
        assertEquals("rules[0].unless", onPattern.field());
        RulePackException empty = assertThrows(RulePackException.class, () -> RulePackLoader.parse("p.yaml", PACK.replace(
                "unless: [\"nice to\", \"nice 2\"]", "unless: [\"\"]")));
        assertTrue(empty.field().startsWith("rules[1].unless"), empty.field());
    }
}
