package org.chatguard.rules.decide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;
import org.chatguard.model.RuleMatch;
import org.chatguard.model.StaffAlert;
import org.chatguard.model.Tier;
import org.chatguard.rules.Verdict;

class DeciderTest {

    private static final Instant SENT = Instant.parse("2026-11-27T09:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-27T09:00:01Z");

    private static ChatMessage msg(String text, List<String> recipients) {
        return new ChatMessage("m1", ContentKind.PRIVATE_MESSAGE, "inbox", "pm-1", "u-a", recipients, text, SENT);
    }

    @Test
    void noAlertWhenNoRuleAsksForOne() {
        Verdict v = new Verdict(Action.MASK, "oh ****", "oh ****", List.of(Category.PROFANITY),
                List.of(new RuleMatch("prof.x", Category.PROFANITY, 2, Action.MASK, 3, 7, null)), null, null, List.of(), "v1");
        Decider.Outcome o = Decider.decide(msg("oh shit", List.of()), v, NOW);
        assertNull(o.alert());
        assertEquals(Action.MASK, o.decision().action());
        assertEquals("oh ****", o.decision().displayText());
        assertEquals("m1", o.decision().id());
        assertEquals(SENT, o.decision().sentAt());
        assertEquals(NOW, o.decision().decidedAt());
        assertEquals("v1", o.decision().rulePackVersion());
    }

    @Test
    void alertNamesAuthorThenAddresseesAndCarriesOnlyTheMaskedExcerpt() {
        Verdict v = new Verdict(Action.ALLOW, "i want to die", "i want to ***", List.of(Category.SELF_HARM),
                List.of(new RuleMatch("sh.x", Category.SELF_HARM, 4, Action.ALLOW, 10, 13, null)),
                Tier.COUNSELLOR, Category.SELF_HARM, List.of("self-harm: wish to die (rule sh.x)"), "v1");
        StaffAlert a = Decider.decide(msg("i want to die", List.of("u-b", "u-a", "u-c")), v, NOW).alert();
        assertEquals(Tier.COUNSELLOR, a.tier());
        assertEquals(Category.SELF_HARM, a.category());
        assertEquals(List.of("u-a", "u-b", "u-c"), a.subjectUserIds());
        assertEquals("i want to ***", a.evidence().get(0).maskedExcerpt());
        assertEquals(1, a.sequence());
        assertEquals(a.alertId(), Decider.decide(msg("i want to die", List.of()), v, NOW).alert().alertId(),
                "replays give the same id");
        assertTrue(a.alertId().startsWith("al-") && a.alertId().length() == 23, a.alertId());
    }

    @Test
    void excerptsAreBoundedAndNeverSplitASurrogatePair() {
        String emoji = "\uD83D\uDE00";
        String longText = "x".repeat(Decider.MAX_EXCERPT_CHARS - 1) + emoji + "tail";
        String cut = Decider.excerpt(longText);
        assertEquals(Decider.MAX_EXCERPT_CHARS, cut.length(), "199 chars + ellipsis");
        assertTrue(cut.endsWith("x\u2026"), cut.substring(cut.length() - 3));
        assertEquals("short", Decider.excerpt("short"));
    }

    @Test
    void alertIdsDifferPerConversationConcernAndMessage() {
        assertNotEquals(Decider.alertId("c1", "SELF_HARM", "m1"), Decider.alertId("c1", "SELF_HARM", "m2"));
        assertNotEquals(Decider.alertId("c1", "SELF_HARM"), Decider.alertId("c1S", "ELF_HARM"), "parts are delimited");
    }
}
