package org.chatguard.console;

import static org.chatguard.console.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.chatguard.console.ConsoleService.Subject;
import org.chatguard.console.store.AlertStore;
import org.chatguard.model.Category;
import org.chatguard.model.Decision;
import org.chatguard.model.StaffAction;
import org.chatguard.model.Tier;

/** Mutes sent from the console: their end, what the console shows until then, and who may send them. */
class MuteAndTierTest {

    @TempDir
    Path dir;

    record Sent(StaffAction action, Tier staffRole, Instant until) {
    }

    @Test
    void aMuteLastsTheConfiguredTimeAndIsShownUntilItExpires() {
        Fixtures.MutableClock clock = new Fixtures.MutableClock(T0);
        List<Sent> sent = new ArrayList<>();
        StaffActionSink sink = new StaffActionSink() {
            @Override
            public void publish(StaffAction a, Tier staffRole, Instant until) {
                sent.add(new Sent(a, staffRole, until));
            }

            @Override
            public void publishDecision(Decision d) {
            }
        };
        try (AlertStore store = AlertStore.open(dir, clock)) {
            store.applyAlert(Fixtures.alert("a1", 1, Tier.MODERATOR, Category.INSULT, T0), "t", 0, 0);
            store.applyAlert(Fixtures.alert("a2", 1, Tier.MODERATOR, Category.PROFANITY, T0), "t", 0, 1);
            ConsoleService service = new ConsoleService(store, sink, (m, c, s, at) -> Optional.empty(), clock, Duration.ofHours(6));
            Subject mod = new Subject("mod-1", Role.MODERATOR);
            service.act(mod, "a1", StaffAction.Type.MUTE_CONVERSATION, null, null);
            assertEquals(1, sent.size());
            assertEquals(Tier.MODERATOR, sent.get(0).staffRole());
            assertEquals(T0.plus(Duration.ofHours(6)), sent.get(0).until());

            ConsoleService.AlertView v = service.alert(mod, "a1");
            assertNotNull(v.mute());
            assertEquals("mod-1", v.mute().staffId());
            assertEquals(Role.MODERATOR, v.mute().staffRole());
            assertEquals(Category.INSULT, v.mute().category());
            assertEquals(T0.plus(Duration.ofHours(6)), v.mute().until());
            assertNotNull(service.queue(mod, Tier.MODERATOR, false).mutes().get("conv-a1"));
            assertNull(service.alert(mod, "a2").mute(), "another conversation is not muted");

            clock.set(T0.plus(Duration.ofHours(6)).plusSeconds(1));
            assertNull(service.alert(mod, "a1").mute(), "expired: no longer shown as muted");
            assertTrue(service.queue(mod, Tier.MODERATOR, false).mutes().isEmpty());
        }
    }

    @Test
    void muteAndDismissNeverOnAConcernAboveTheActorsTier() {
        for (Role role : Role.values()) {
            for (Tier tier : Tier.values()) {
                for (StaffAction.Type type : new StaffAction.Type[] {StaffAction.Type.MUTE_CONVERSATION, StaffAction.Type.DISMISS_ALERT}) {
                    boolean allowed = AccessPolicy.canAct(role, tier, type);
                    boolean withinTier = role.tier() != null && tier.compareTo(role.tier()) <= 0;
                    assertTrue(!allowed || withinTier, role + " may not " + type + " a " + tier + " alert");
                }
            }
        }
        assertTrue(AccessPolicy.canAct(Role.SAFEGUARDING, Tier.SAFEGUARDING, StaffAction.Type.MUTE_CONVERSATION));
        assertTrue(AccessPolicy.canAct(Role.MODERATOR, Tier.MODERATOR, StaffAction.Type.DISMISS_ALERT));
    }

    @Test
    void theSinkRefusesAnActionWithoutACareTierOrAMuteWithoutAnEnd() {
        StaffAction mute = new StaffAction("sa-1", StaffAction.Type.MUTE_CONVERSATION, null, "c1", "a1", Category.INSULT, "s", null, T0);
        assertThrows(IllegalArgumentException.class, () -> KafkaStaffActionSink.json(mute, null, T0.plusSeconds(60)));
        assertThrows(IllegalArgumentException.class, () -> KafkaStaffActionSink.json(mute, Tier.MODERATOR, null));
    }
}
