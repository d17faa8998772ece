package org.chatguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.RuleMatch;
import org.chatguard.model.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every category of the default pack, exercised through the public engine API. */
class DefaultPackTest {

    // the pack itself: the rules alone (the model beside them is tested in rules/ml)
    static final ModerationEngine ENGINE = ModerationEngine.of(RulePackLoader.defaultPack());

    static Verdict v(String text) {
        return ENGINE.analyze(text);
    }

    @Test
    void cleanTextIsAllowedUnchanged() {
        Verdict v = v("hi, how was your maths test today? mine was ok 🙂");
        assertEquals(Action.ALLOW, v.action());
        assertEquals("hi, how was your maths test today? mine was ok 🙂", v.displayText());
        assertTrue(v.matches().isEmpty());
        assertNull(v.alertTier());
        assertFalse(v.flagged());
        assertEquals(ENGINE.rulePackVersion(), v.rulePackVersion());
    }

    @Test
    void profanityIsMaskedInPlace() {
        Verdict v = v("what the fuck is this");
        assertEquals(Action.MASK, v.action());
        assertEquals("what the **** is this", v.displayText());
        assertEquals(List.of(Category.PROFANITY), v.categories());
        RuleMatch m = v.matches().get(0);
        assertEquals(9, m.start());
        assertEquals(13, m.end());
        assertNull(v.alertTier());
    }

    @Test
    void insultAimedAtSomeoneMasksTheInsult() {
        Verdict v = v("you are such an idiot lol");
        assertEquals(Action.MASK, v.action());
        assertEquals("you are such an ***** lol", v.displayText());
        assertTrue(v.categories().contains(Category.INSULT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"kys", "just kill yourself", "go kill urself loser", "k y s"})
    void killYourselfBlocksAndAlerts(String text) {
        Verdict v = v(text);
        assertEquals(Action.BLOCK, v.action(), text);
        assertEquals(Verdict.BLOCKED, v.displayText());
        assertEquals(Tier.MODERATOR, v.alertTier());
        assertEquals(Category.INSULT, v.alertCategory());
    }

    @Test
    void hateIsBlocked() {
        Verdict v = v("shut up you faggot");
        assertEquals(Action.BLOCK, v.action());
        assertEquals(Verdict.BLOCKED, v.displayText());
        assertTrue(v.categories().contains(Category.HATE));
    }

    @Test
    void sexualContentIsBlockedAsInappropriate() {
        Verdict v = v("wanna see some porn");
        assertEquals(Action.BLOCK, v.action());
        assertEquals(Verdict.INAPPROPRIATE, v.displayText());
        assertEquals(List.of(Category.SEXUAL), v.categories());
    }

    @ParameterizedTest
    @ValueSource(strings = {"I want to die", "i just wanna die tbh", "sometimes i think about killing myself",
            "i keep cutting myself", "everyone would be better off without me", "i dont want to live anymore"})
    void selfHarmIsAllowedButAlertsACounsellor(String text) {
        Verdict v = v(text);
        assertEquals(Action.ALLOW, v.action(), text);
        assertEquals(text, v.displayText(), "a child reaching out must not be silenced");
        assertEquals(Tier.COUNSELLOR, v.alertTier(), text);
        assertEquals(Category.SELF_HARM, v.alertCategory());
    }

    @Test
    void reasonCodeNamesRuleButNotMessageText() {
        Verdict v = v("I want to die");
        assertTrue(v.reasonCodes().contains("self-harm: intent to die (rule sh.want-to-die)"), v.reasonCodes().toString());
        for (String r : v.reasonCodes()) {
            assertFalse(r.contains("I want"), r);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"my dad hits me", "my stepdad beats me when he is drunk", "he touches me and i dont like it",
            "my uncle touched me down there", "he said not to tell anyone"})
    void abuseDisclosureAlertsSafeguarding(String text) {
        Verdict v = v(text);
        assertEquals(Action.ALLOW, v.action(), text);
        assertEquals(text, v.displayText());
        assertEquals(Tier.SAFEGUARDING, v.alertTier(), text);
        assertEquals(Category.ABUSE_DISCLOSURE, v.alertCategory(), text);
    }

    @Test
    void groomingStagesAreFlaggedWithoutAlert() {
        assertStage("you are so mature for your age", "trust");
        assertStage("what school do you go to?", "personal-details");
        assertStage("this is our little secret ok", "secrecy");
        assertStage("your parents dont understand you like i do", "isolation");
        assertStage("add me on snap", "off-platform");
        assertStage("can you send me a pic", "photos");
        assertStage("we should meet up sometime", "meeting");
        assertStage("are you home alone tonight", "access");
        assertStage("when does your mom get home from work", "access");
        assertStage("age is just a number tbh", "age-gap");
        assertStage("missed you today", "trust");
        assertStage("can i call you later", "off-platform");
    }

    @Test
    void greetingsAndFriendlyTalkAreNotGroomingStages() {
        // "nice to meet you" is a greeting, not a meeting request; calling a friend back is not moving off-site
        for (String text : List.of("hi nice to meet you", "nice 2 meet u too", "I'll call you later", "see you at school tomorrow",
                "my mom is home today so i cant play")) {
            Verdict v = v(text);
            assertTrue(v.matches().isEmpty(), text + " -> " + v.matches());
        }
    }

    @Test
    void severalGroomingStagesInOneMessageAlertAModerator() {
        // trust + off-platform + meeting: no single one is alarming, three at once are
        Verdict v = v("miss you babe, call me tonight and i can pick you up this weekend");
        assertEquals(Tier.MODERATOR, v.alertTier(), v.reasonCodes().toString());
        assertTrue(v.matches().stream().anyMatch(m -> m.ruleId().equals("gr.pattern")));
        assertEquals(Action.ALLOW, v.action(), "an alert for staff, the message itself is shown");
        // two stages are enough when one of them is finding out whether the child is alone
        Verdict access = v("hey sweetie are you home alone");
        assertEquals(Tier.MODERATOR, access.alertTier());
        assertTrue(access.matches().stream().anyMatch(m -> m.ruleId().equals("gr.pattern-access")));
        // two ordinary stages are not
        assertNull(v("miss you! call me later").alertTier());
    }

    @Test
    void swearingAimedAtSomeoneCountsAsAnInsultButMasksOnlyTheSwearWord() {
        Verdict v = v("fuck off and get a life");
        assertTrue(v.categories().contains(Category.INSULT), v.matches().toString());
        assertEquals("**** off and get a life", v.displayText());
        // the same swear word not aimed at anyone is profanity only
        Verdict plain = v("this test was so fucking hard");
        assertEquals(List.of(Category.PROFANITY), plain.categories());
    }

    @ParameterizedTest
    @ValueSource(strings = {"killyourself", "#killyourself", "k i l l  y o u r s e l f", "nobodylikesyou"})
    void phrasesRunTogetherStillMatch(String text) {
        Verdict v = v(text);
        assertEquals(Action.BLOCK, v.action(), text + " -> " + v.matches());
    }

    @ParameterizedTest
    @ValueSource(strings = {"what a comeback", "killjoy", "sleepover at amys", "skillyourself"})
    void runTogetherFormsAreWholeWordsOnly(String text) {
        assertFalse(v(text).action() == Action.BLOCK, text + " -> " + v(text).matches());
    }

    @Test
    void nameCallingAimedAtSomeoneIsAnInsult() {
        Verdict v = v("ur such a lame bitch");
        assertTrue(v.categories().contains(Category.INSULT));
        assertEquals(Action.MASK, v.action());
        assertEquals("ur such a **** *****", v.displayText());
    }

    @Test
    void sexualRemarksAimedAtSomeoneBlockAndAlert() {
        Verdict v = v("how big is ur dick");
        assertEquals(Action.BLOCK, v.action());
        assertEquals(Tier.MODERATOR, v.alertTier());
        assertTrue(v.matches().stream().anyMatch(m -> m.ruleId().equals("ins.sexual-harassment")));
    }

    private static void assertStage(String text, String stage) {
        Verdict v = v(text);
        assertTrue(v.matches().stream().anyMatch(m -> stage.equals(m.stage())), text + " -> " + v.matches());
        assertTrue(v.categories().contains(Category.GROOMING), text);
        assertNull(v.alertTier(), text);
        assertEquals(Action.ALLOW, v.action(), text);
    }

    @Test
    void secrecyPlusMeetingAlertsSafeguarding() {
        Verdict v = v("don't tell your parents, lets meet up after school");
        assertEquals(Tier.SAFEGUARDING, v.alertTier());
        assertEquals(Category.GROOMING, v.alertCategory());
        assertTrue(v.matches().stream().anyMatch(m -> m.ruleId().equals("gr.secret-meeting")));
    }

    @Test
    void sexualImageRequestBlocksAndAlerts() {
        Verdict v = v("send me nudes");
        assertEquals(Action.BLOCK, v.action());
        assertEquals(Tier.SAFEGUARDING, v.alertTier());
        assertEquals(Verdict.INAPPROPRIATE, v.displayText());
    }

    @Test
    void phoneNumbersAreMaskedExactly() {
        assertMasked("call me on 07700 900123 tonight", "call me on ************ tonight");
        assertMasked("my number is +44 7700 900123", "my number is ***************");
        assertMasked("ring (555) 123-4567 ok", "ring ************** ok");
        assertMasked("whatsapp +1 415 555 2671", "whatsapp ***************");
    }

    @Test
    void emailAddressesAreMaskedExactly() {
        assertMasked("email me at kid.name@example.co.uk x", "email me at ********************** x");
        assertMasked("its coolkid at gmail dot com", "its ************************");
    }

    @Test
    void postcodesAndAddressesAreMasked() {
        assertMasked("im in SW1A 1AA", "im in ********");
        Verdict v = v("i live at 12 Baker Street");
        assertEquals(Action.MASK, v.action());
        assertTrue(v.displayText().startsWith("i live at "));
        assertFalse(v.displayText().contains("Baker"));
    }

    @Test
    void handlesAreMasked() {
        Verdict v = v("add me on snap: coolkid_12");
        assertEquals(Action.MASK, v.action());
        assertEquals("add me on snap: **********", v.displayText());
        assertTrue(v.categories().contains(Category.PERSONAL_INFO));
    }

    @Test
    void schoolNameSharedIsMasked() {
        Verdict v = v("i go to St Marys Primary School");
        assertEquals(Action.MASK, v.action());
        assertEquals("i go to ***********************", v.displayText());
    }

    private static void assertMasked(String text, String expected) {
        Verdict v = v(text);
        assertEquals(Action.MASK, v.action(), text + " " + v.matches());
        assertEquals(expected, v.displayText());
        assertTrue(v.categories().contains(Category.PERSONAL_INFO));
    }

    @Test
    void threatToLifeBlocksAndAlertsSafeguarding() {
        Verdict v = v("i'm going to kill you tomorrow");
        assertEquals(Action.BLOCK, v.action());
        assertEquals(Verdict.BLOCKED, v.displayText());
        assertEquals(Tier.SAFEGUARDING, v.alertTier());
        assertEquals(Category.VIOLENCE, v.alertCategory());
    }

    @Test
    void threatToHurtBlocksAndAlertsModerator() {
        Verdict v = v("ima punch you at lunch");
        assertEquals(Action.BLOCK, v.action());
        assertEquals(Tier.MODERATOR, v.alertTier());
    }

    @Test
    void categoriesAreDistinctAndInEnumOrder() {
        Verdict v = v("shit, i want to die, my dad hits me");
        assertEquals(List.of(Category.PROFANITY, Category.SELF_HARM, Category.ABUSE_DISCLOSURE), v.categories());
        assertEquals(Tier.SAFEGUARDING, v.alertTier());
        assertEquals(Category.ABUSE_DISCLOSURE, v.alertCategory());
        for (int i = 1; i < v.matches().size(); i++) {
            assertTrue(v.matches().get(i - 1).start() <= v.matches().get(i).start());
        }
    }

    @Test
    void staffEvidenceShowsTheConcernAndMasksSwearingKeepingOffsets() {
        // the words that raise a concern stay readable for the tier that owns it (StaffEvidence)
        Verdict v = v("I want to die");
        assertEquals("I want to die", v.displayText());
        assertEquals("I want to die", v.maskedText());
        Verdict s = v("shit, i want to die");
        assertEquals("****, i want to die", s.maskedText());
    }
}
