package org.chatguard.console;

import static org.chatguard.console.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.chatguard.console.ConsoleService.BadRequest;
import org.chatguard.console.ConsoleService.Subject;
import org.chatguard.console.store.AlertStore;
import org.chatguard.model.Category;
import org.chatguard.model.Decision;
import org.chatguard.model.Evidence;
import org.chatguard.model.StaffAction;
import org.chatguard.model.StaffAlert;
import org.chatguard.model.Tier;

/**
 * Issue 16 item 4: a violation staff confirm in the console (an alert resolved, a held message denied) names its
 * author in {@code userId}, which is what the job's trust reads ({@code UserScorer.confirmsViolation}); a
 * resolved concern about a child (self-harm, abuse disclosure) names nobody.
 */
class ConfirmedViolationActionTest {

    @TempDir
    Path dir;

    final List<StaffAction> sent = new ArrayList<>();

    StaffActionSink sink() {
        return new StaffActionSink() {
            @Override
            public void publish(StaffAction a, Tier staffRole, Instant until) {
                sent.add(a);
            }

            @Override
            public void publishDecision(Decision d) {
            }
        };
    }

    static StaffAlert twoSenders(String id) {
        StaffAlert a = Fixtures.alert(id, 1, Tier.MODERATOR, Category.INSULT, T0);
        return new StaffAlert(a.alertId(), 1, a.tier(), a.category(), a.conversationId(), List.of("u-target"),
                a.reasonCodes(), List.of(new Evidence("m1", "u-x", "****", T0), new Evidence("m2", "u-y", "****", T0)),
                a.rulePackVersion(), T0, T0);
    }

    @Test
    void resolvingAnAlertNamesItsAuthorAndDenyingAHeldMessageItsSender() {
        try (AlertStore store = AlertStore.open(dir, new Fixtures.MutableClock(T0))) {
            store.applyAlert(Fixtures.alert("ins", 1, Tier.MODERATOR, Category.INSULT, T0), "t", 0, 0);
            store.applyAlert(Fixtures.alert("pick", 1, Tier.MODERATOR, Category.INSULT, T0), "t", 0, 1);
            store.applyAlert(Fixtures.alert("sh", 1, Tier.COUNSELLOR, Category.SELF_HARM, T0), "t", 0, 2);
            store.applyAlert(twoSenders("pile"), "t", 0, 3);
            store.applyAlert(Fixtures.alert("bad", 1, Tier.MODERATOR, Category.INSULT, T0), "t", 0, 4);
            store.applyDecision(Fixtures.held("h1", T0), "d", 0, 5);
            ConsoleService service = new ConsoleService(store, sink(), (m, c, s, at) -> Optional.empty(),
                    new Fixtures.MutableClock(T0), Duration.ofHours(6));
            Subject mod = new Subject("mod-1", Role.MODERATOR);
            Subject safe = new Subject("safe-1", Role.SAFEGUARDING);

            service.act(mod, "ins", StaffAction.Type.RESOLVE_ALERT, null, "warned");
            assertEquals("u-ins-a", sent.get(0).userId(), "the one sender of the evidence is the author");

            service.act(mod, "pick", StaffAction.Type.RESOLVE_ALERT, "u-pick-b", "it was the other one");
            assertEquals("u-pick-b", sent.get(1).userId(), "staff may name another of the alert's people");

            assertThrows(BadRequest.class, () -> service.act(safe, "sh", StaffAction.Type.RESOLVE_ALERT, "u-sh-a", "x"),
                    "nobody is named as the author of a self-harm concern");
            service.act(safe, "sh", StaffAction.Type.RESOLVE_ALERT, null, "safety plan agreed");
            assertNull(sent.get(2).userId(), "a child in distress is not a violator");

            service.act(mod, "pile", StaffAction.Type.RESOLVE_ALERT, null, "handled");
            assertNull(sent.get(3).userId(), "several senders and none named: nobody's trust changes");

            store.applyAlert(Fixtures.alert("none", 1, Tier.MODERATOR, Category.INSULT, T0), "t", 0, 6);
            service.act(mod, "none", StaffAction.Type.RESOLVE_ALERT, "", "not a violation after all");
            assertNull(sent.get(4).userId(), "the form's 'no one'");

            assertThrows(BadRequest.class, () -> service.act(mod, "bad", StaffAction.Type.RESOLVE_ALERT, "u-stranger", "x"));

            service.decideHeld(mod, "h1", false);
            StaffAction deny = sent.get(sent.size() - 1);
            assertEquals(StaffAction.Type.DENY_HELD, deny.type());
            assertEquals("u-h", deny.userId(), "the held message's sender");
            assertEquals("h1", deny.messageId());
        }
    }
}
