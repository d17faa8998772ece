package org.chatguard.console.store;

import static org.chatguard.console.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.chatguard.console.Fixtures;
import org.chatguard.console.Role;
import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.ContentKind;
import org.chatguard.model.Decision;
import org.chatguard.model.Tier;

/** What the console keeps of conversations for context: as displayed, bounded per conversation, pruned by retention. */
class ConversationContextStoreTest {

    @TempDir
    Path dir;

    static Decision said(String id, String conv, String channel, String text, Instant at) {
        return new Decision(id, ContentKind.CHAT, conv, "u-" + id, Action.ALLOW, text, List.of(), List.of(), List.of(), "p",
                at, at, null, channel);
    }

    @Test
    void keepsConversationsAsDisplayedInTimeOrderReplaysAndReleasesReplace() {
        try (AlertStore s = AlertStore.open(dir)) {
            s.applyDecision(said("m2", "c1", "bubble", "second", T0.plusSeconds(2)), "d", 0, 0);
            s.applyDecision(said("m1", "c1", "bubble", "first", T0.plusSeconds(1)), "d", 0, 1);
            s.applyDecision(said("x1", "c2", "bubble", "elsewhere", T0), "d", 0, 2);
            s.applyDecision(said("m2", "c1", "bubble", "second", T0.plusSeconds(2)), "d", 0, 3);
            List<ContextMessage> c1 = s.conversation("c1");
            assertEquals(List.of("m1", "m2"), c1.stream().map(ContextMessage::messageId).toList());
            assertEquals("first", c1.get(0).displayText());
            assertFalse(c1.get(0).isPrivate());
            Decision held = new Decision("m3", ContentKind.CHAT, "c1", "u-m3", Action.HOLD, "see you at ****", List.of(Category.PERSONAL_INFO),
                    List.of(), List.of(), "p", T0.plusSeconds(3), T0.plusSeconds(3), null, "bubble");
            s.applyDecision(held, "d", 0, 4);
            assertEquals(Action.HOLD, s.conversation("c1").get(2).action());
            s.applyDecision(new Decision("m3", ContentKind.CHAT, "c1", "u-m3", Action.MASK, "see you at ****", List.of(), List.of(),
                    List.of("released-by-staff"), "p", T0.plusSeconds(3), T0.plusSeconds(60), null, "bubble"), "d", 0, 5);
            assertEquals(3, s.conversation("c1").size());
            assertEquals(Action.MASK, s.conversation("c1").get(2).action(), "the site shows it now");
        }
    }

    @Test
    void privateConversationsAreRecognised() {
        assertTrue(ContextMessage.of(said("a", "c", "private", "x", T0)).isPrivate());
        assertTrue(ContextMessage.of(said("a", "c", "inbox", "x", T0)).isPrivate());
        assertTrue(ContextMessage.of(new Decision("a", ContentKind.PRIVATE_MESSAGE, "c", "u", Action.ALLOW, "x", List.of(),
                List.of(), List.of(), "p", T0, T0)).isPrivate());
        assertFalse(ContextMessage.of(said("a", "c", "general", "x", T0)).isPrivate());
    }

    @Test
    void boundedPerConversationTheOldestMakeWay() {
        try (AlertStore s = AlertStore.open(dir, java.time.Clock.systemUTC(), 5)) {
            for (int i = 0; i < 12; i++) {
                s.applyDecision(said("m" + i, "c1", "bubble", "line " + i, T0.plusSeconds(i)), "d", 0, i);
            }
            s.applyDecision(said("o1", "c2", "bubble", "other", T0), "d", 0, 99);
            assertEquals(List.of("m7", "m8", "m9", "m10", "m11"),
                    s.conversation("c1").stream().map(ContextMessage::messageId).toList());
            assertEquals(1, s.conversation("c2").size());
        }
    }

    @Test
    void retentionDeletesContextAYearAfterTheMessageWasSent() {
        Fixtures.MutableClock clock = new Fixtures.MutableClock(T0.plus(Duration.ofDays(400)));
        try (AlertStore s = AlertStore.open(dir, clock, 5)) {
            s.applyDecision(said("old", "c1", "bubble", "old", T0), "d", 0, 0);
            s.applyDecision(said("new", "c1", "bubble", "new", T0.plus(Duration.ofDays(100))), "d", 0, 1);
            s.applyAlert(Fixtures.alert("a1", 1, Tier.MODERATOR, Category.INSULT, T0.plus(Duration.ofDays(100))), "t", 0, 2);
            s.addNote("a1", "mod", Role.MODERATOR, "n");
            RetentionPolicy.Result r = s.applyRetention(RetentionPolicy.defaults());
            assertEquals(1, r.contextDeleted());
            assertEquals(List.of("new"), s.conversation("c1").stream().map(ContextMessage::messageId).toList());
            // the count went down with it: four more fit before the oldest makes way
            for (int i = 0; i < 4; i++) {
                s.applyDecision(said("n" + i, "c1", "bubble", "n", T0.plus(Duration.ofDays(101)).plusSeconds(i)), "d", 0, 3 + i);
            }
            assertEquals(5, s.conversation("c1").size());
            assertEquals("new", s.conversation("c1").get(0).messageId());
        }
    }
}
