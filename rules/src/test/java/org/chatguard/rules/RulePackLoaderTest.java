package org.chatguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RulePackLoaderTest {

    private static final String GOOD = """
            version: "test-1"
            allow: ["dickens*"]
            rules:
              - id: p.dick
                category: profanity
                severity: 2
                action: mask
                terms: ["dick*", "*hole"]
              - id: g.pic
                category: grooming
                severity: 3
                action: flag
                stage: photos
                near: {a: ["send me", "show me"], b: ["pic", "photo*"], within: 2}
              - id: s.die
                category: self_harm
                severity: 5
                action: alert
                alert: counsellor
                reason: "intent to die"
                terms: ["[i|] [want|wanna] to die"]
              - id: pi.code
                category: personal_info
                severity: 3
                action: mask
                pattern: 'code:\\s*(\\d{4})'
                group: 1
                requires: {digits: 4}
            """;

    private static RulePackException rejected(String content) {
        return assertThrows(RulePackException.class, () -> RulePackLoader.parse("t.yaml", content));
    }

    @Test
    void parsesEveryRuleKind() throws Exception {
        RulePack pack = RulePackLoader.parse("t.yaml", GOOD);
        assertEquals("test-1", pack.version());
        assertEquals(4, pack.rules().size());
        ModerationEngine e = ModerationEngine.of(pack);
        assertEquals("test-1", e.rulePackVersion());
        assertEquals(Action.MASK, e.analyze("what a dickhead").action());
        assertEquals(Action.MASK, e.analyze("you rathole").action());
        assertEquals(Action.ALLOW, e.analyze("I like Dickens and dickensian novels").action(), "allow-list beats wildcard");
        Verdict pic = e.analyze("send me a nice photo");
        assertEquals("photos", pic.matches().get(0).stage());
        assertEquals(Action.ALLOW, pic.action());
        assertTrue(e.analyze("send me a really nice little photo").matches().isEmpty(), "too far apart");
        assertEquals(Tier.COUNSELLOR, e.analyze("wanna to die").alertTier());
        assertEquals(Tier.COUNSELLOR, e.analyze("i want to die").alertTier());
        Verdict code = e.analyze("my code: 1234 ok");
        assertEquals("my code: **** ok", code.displayText());
        assertEquals(Category.PERSONAL_INFO, code.categories().get(0));
    }

    @Test
    void parsesJsonToo() throws Exception {
        RulePack p = RulePackLoader.parse("t.json", """
                {"version": "j1", "rules": [
                  {"id": "a", "category": "insult", "severity": 2, "action": "mask", "terms": ["idiot"]}
                ]}""");
        assertEquals(Action.MASK, ModerationEngine.of(p).analyze("idiot").action());
    }

    @Test
    void loadsFromFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("p.yaml");
        Files.writeString(f, GOOD);
        assertEquals("test-1", RulePackLoader.load(f).version());
        RulePackException e = assertThrows(RulePackException.class, () -> RulePackLoader.load(dir.resolve("missing.yaml")));
        assertTrue(e.getMessage().contains("missing.yaml"), e.getMessage());
    }

    @Test
    void defaultPackLoadsAndIsShared() {
        RulePack p = RulePackLoader.defaultPack();
        assertTrue(p.rules().size() > 30);
        assertTrue(p.version().startsWith("en-default"));
        assertEquals(p, RulePackLoader.defaultPack());
        for (Category c : Category.values()) {
            assertTrue(p.rules().stream().anyMatch(r -> r.category() == c), "default pack covers " + c);
        }
    }

    @Test
    void badSeverityNamesLineAndField() {
        RulePackException e = rejected(GOOD.replace("severity: 3\n    action: flag", "severity: 9\n    action: flag"));
        assertEquals(11, e.line());
        assertEquals("rules[1].severity", e.field());
        assertTrue(e.getMessage().startsWith("t.yaml:11:"), e.getMessage());
        assertTrue(e.getMessage().contains("from 1 to 5"), e.getMessage());
    }

    @Test
    void unknownFieldIsRejected() {
        RulePackException e = rejected(GOOD.replace("    reason: \"intent to die\"", "    reasn: \"intent to die\""));
        assertEquals("rules[2].reasn", e.field());
        assertEquals(20, e.line());
    }

    @Test
    void unknownCategoryActionTierAndStageAreRejected() {
        assertEquals("rules[0].category", rejected(GOOD.replace("category: profanity", "category: swearing")).field());
        assertEquals("rules[0].action", rejected(GOOD.replace("action: mask\n    terms: [\"dick*\"", "action: hide\n    terms: [\"dick*\"")).field());
        assertEquals("rules[2].alert", rejected(GOOD.replace("alert: counsellor", "alert: police")).field());
        assertEquals("rules[1].stage", rejected(GOOD.replace("stage: photos", "stage: lunch")).field());
    }

    @Test
    void badTermsAreRejectedWithTheirIndex() {
        RulePackException e = rejected(GOOD.replace("[\"dick*\", \"*hole\"]", "[\"dick*\", \"*ho*le\"]"));
        assertEquals("rules[0].terms[1]", e.field());
        assertEquals(8, e.line());
        assertEquals("rules[0].terms[0]", rejected(GOOD.replace("[\"dick*\", \"*hole\"]", "[\"[a|b\"]")).field());
        assertEquals("rules[0].terms[0]", rejected(GOOD.replace("[\"dick*\", \"*hole\"]", "[\"!!!\"]")).field());
        assertEquals("rules[0].terms[0]", rejected(GOOD.replace("[\"dick*\", \"*hole\"]", "[\"a*\"]")).field());
    }

    @Test
    void ruleNeedsExactlyOneMatcher() {
        RulePackException e = rejected(GOOD.replace("    terms: [\"dick*\", \"*hole\"]", "    terms: [\"dick*\"]\n    pattern: 'x'"));
        assertEquals("rules[0]", e.field());
        assertTrue(e.reason().contains("exactly one"));
    }

    @Test
    void duplicateIdsAndKeysAreRejected() {
        assertTrue(rejected(GOOD.replace("id: g.pic", "id: p.dick")).reason().contains("duplicate rule id"));
        assertTrue(rejected(GOOD.replace("    severity: 2\n    action: mask\n    terms",
                "    severity: 2\n    severity: 2\n    action: mask\n    terms")).reason().contains("duplicate key"));
    }

    @Test
    void syntaxErrorsHaveALine() {
        RulePackException e = rejected("version: x\nrules:\n  - id: a\n   bad indent: [\n");
        assertTrue(e.line() > 0, e.getMessage());
        assertTrue(e.reason().startsWith("syntax error"), e.getMessage());
    }

    @Test
    void missingOrEmptyPartsAreRejected() {
        assertEquals("version", rejected("rules: []").field());
        assertEquals("rules", rejected("version: v1\n").field());
        assertTrue(rejected("version: v1\nrules: []\n").reason().contains("at least one rule"));
        assertTrue(rejected("").reason().contains("empty"));
        assertTrue(rejected("- just\n- a list\n").reason().contains("mapping"));
        assertEquals("rules[1].near.within", rejected(GOOD.replace("within: 2", "within: 99")).field());
        assertEquals("rules[3].group", rejected(GOOD.replace("group: 1", "group: 3")).field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"(a+)+$", "(a*)*b", "(a|aa)+", "(\\w+\\s?)*$", "(?:x+y?)+z", "([a-z]+)*@", "(a|b|ab)*c", "(a)\\1", "(?<x>a)\\k<x>"})
    void regexBombsAreRejected(String regex) {
        RulePackException e = rejected(GOOD.replace("'code:\\s*(\\d{4})'", "'" + regex + "'").replace("group: 1", "group: 0"));
        assertEquals("rules[3].pattern", e.field());
        assertEquals(26, e.line());
    }

    @Test
    void invalidRegexIsRejected() {
        RulePackException e = rejected(GOOD.replace("'code:\\s*(\\d{4})'", "'code:[('"));
        assertEquals("rules[3].pattern", e.field());
    }

    @Test
    void brokenPackIsNeverHalfLoaded() {
        // the last rule is broken: nothing is returned, so no engine can run with the first three
        assertThrows(RulePackException.class, () -> RulePackLoader.parse("t.yaml", GOOD.replace("requires: {digits: 4}", "requires: {digits: -4}")));
    }

    @Test
    void comboNeedsKnownStagesAndAnAlert() {
        String base = GOOD + """
                combos:
                  - id: c1
                    stages: [secrecy, meeting]
                    category: grooming
                    severity: 5
                    alert: safeguarding
                """;
        assertTrue(assertDoesNotThrow(base));
        assertEquals("combos[0].stages[1]", rejected(base.replace("meeting]", "lunch]")).field());
        assertEquals("combos[0].alert", rejected(base.replace("    alert: safeguarding\n", "")).field());
    }

    @Test
    void comboMinAndIncludingAreChecked() throws RulePackException {
        String base = GOOD + """
                combos:
                  - id: c1
                    stages: [trust, access, meeting]
                    min: 2
                    including: [access]
                    category: grooming
                    severity: 4
                    alert: moderator
                """;
        assertTrue(assertDoesNotThrow(base));
        Combo c = RulePackLoader.parse("t.yaml", base).combos().get(0);
        assertEquals(2, c.min());
        assertEquals(java.util.List.of("access"), c.including());
        assertEquals("combos[0].min", rejected(base.replace("min: 2", "min: 4")).field());
        assertEquals("combos[0].min", rejected(base.replace("min: 2", "min: 1")).field());
        assertEquals("combos[0].including[0]", rejected(base.replace("including: [access]", "including: [secrecy]")).field());
        assertEquals("combos[0].stages[2]", rejected(base.replace("[trust, access, meeting]", "[trust, access, trust]")).field());
        // without min every stage is needed, as before
        assertEquals(3, RulePackLoader.parse("t.yaml", base.replace("    min: 2\n", "").replace("    including: [access]\n", ""))
                .combos().get(0).min());
    }

    private static boolean assertDoesNotThrow(String content) {
        try {
            RulePackLoader.parse("t.yaml", content);
            return true;
        } catch (RulePackException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    @Test
    void alertOnlyActionNeedsTier() {
        RulePackException e = rejected(GOOD.replace("    alert: counsellor\n", ""));
        assertEquals("rules[2].alert", e.field());
        assertNull(null);
    }
}
