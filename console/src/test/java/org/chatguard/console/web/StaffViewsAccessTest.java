package org.chatguard.console.web;

import static org.chatguard.console.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.chatguard.connectors.json.EventJson;
import org.chatguard.console.ConsoleService;
import org.chatguard.console.Fixtures;
import org.chatguard.console.Role;
import org.chatguard.console.StaffActionSink;
import org.chatguard.console.auth.Passwords;
import org.chatguard.console.auth.Sessions;
import org.chatguard.console.auth.Users;
import org.chatguard.console.store.AlertStatus;
import org.chatguard.console.store.AlertStore;
import org.chatguard.console.store.AuditEntry;
import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.ContentKind;
import org.chatguard.model.Decision;
import org.chatguard.model.Evidence;
import org.chatguard.model.StaffAction;
import org.chatguard.model.StaffAlert;
import org.chatguard.model.Tier;

/**
 * The views of issue 13 against every role, on the real server and store: the conversation context (private
 * conversations only to COUNSELLOR and above), claims, the combined queue with its overdue order, ages and
 * deadlines; allowed calls succeed and are audited with what they showed, refused ones are 403 and audited.
 */
class StaffViewsAccessTest {

    @TempDir
    static Path dir;

    static final Instant NOW = T0.plus(Duration.ofHours(3));
    static AlertStore store;
    static ConsoleServer server;
    static final List<StaffAction> published = new CopyOnWriteArrayList<>();
    static final List<Tier> publishedRoles = new CopyOnWriteArrayList<>();

    /** alert id -> tier, conversation, private */
    record Spec(String id, Tier tier, Category category, String conv, boolean priv) {
    }

    static final List<Spec> SPECS = List.of(
            new Spec("gM", Tier.MODERATOR, Category.PROFANITY, "general-1", false),
            new Spec("pM", Tier.MODERATOR, Category.INSULT, "pm-1", true),
            new Spec("pC", Tier.COUNSELLOR, Category.SELF_HARM, "pm-2", true),
            new Spec("pS", Tier.SAFEGUARDING, Category.ABUSE_DISCLOSURE, "pm-3", true));

    static Decision said(String id, String conv, boolean priv, String text, Instant at) {
        return new Decision(id, priv ? ContentKind.PRIVATE_MESSAGE : ContentKind.CHAT, conv, "u-" + (id.hashCode() & 1), Action.ALLOW,
                text, List.of(), List.of(), List.of(), "p", at, at, null, priv ? "inbox" : "general");
    }

    static StaffAlert alert(Spec s, String evidenceId, Instant at, Instant due) {
        return new StaffAlert(s.id(), 1, s.tier(), s.category(), s.conv(), List.of("u-0", "u-1"), List.of("why " + s.id()),
                List.of(new Evidence(evidenceId, "u-1", "the words of " + s.id(), at)), "p", at, at, due, false);
    }

    @BeforeAll
    static void start() throws Exception {
        store = AlertStore.open(dir.resolve("store"));
        long off = 0;
        for (Spec s : SPECS) {
            for (int i = 0; i < 12; i++) {
                store.applyDecision(said(s.conv() + "-m" + i, s.conv(), s.priv(), "line " + i + " of " + s.conv(),
                        T0.plusSeconds(i)), "d", 0, off++);
            }
            store.applyAlert(alert(s, s.conv() + "-m6", T0.plusSeconds(6), T0.plus(Duration.ofHours(1))), "t", 0, off++);
        }
        StaffActionSink sink = new StaffActionSink() {
            @Override
            public void publish(StaffAction a, Tier staffRole, Instant until) {
                published.add(a);
                publishedRoles.add(staffRole);
            }

            @Override
            public void publishDecision(Decision d) {
            }
        };
        List<String> lines = new ArrayList<>();
        for (Role r : Role.values()) {
            lines.add("user " + r.name().toLowerCase() + " " + r + " " + Passwords.hash((r + "-pw").toCharArray(), 1000));
        }
        server = new ConsoleServer(new InetSocketAddress("127.0.0.1", 0),
                new ConsoleService(store, sink, (id, c, s, at) -> Optional.empty(), new Fixtures.MutableClock(NOW),
                        Duration.ofHours(24), new ConsoleService.ContextWindow(2, 1)),
                Users.parse(lines), new Sessions(Duration.ofMinutes(30), java.time.Clock.systemUTC())).start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
        }
    }

    static StaffClient as(Role r) throws Exception {
        StaffClient c = new StaffClient(server.port());
        assertEquals(303, c.login(r.name().toLowerCase(), r + "-pw").statusCode());
        return c;
    }

    /** Who may read the conversation around an alert: who sees the alert, and for a private one COUNSELLOR and above. */
    static Set<Role> contextReaders(Spec s) {
        return switch (s.tier()) {
            case MODERATOR -> s.priv() ? Set.of(Role.SAFEGUARDING) : Set.of(Role.MODERATOR, Role.SAFEGUARDING);
            case COUNSELLOR -> Set.of(Role.COUNSELLOR, Role.SAFEGUARDING);
            case SAFEGUARDING -> Set.of(Role.SAFEGUARDING);
        };
    }

    static Set<Role> seeing(Tier t) {
        return AccessControlTest.seeing(t);
    }

    static long audited(Role role, String action, String outcomePrefix) {
        return store.auditLog(Integer.MAX_VALUE, e -> role.name().equals(e.role()) && action.equals(e.action())
                && e.outcome() != null && e.outcome().startsWith(outcomePrefix)).size();
    }

    @Test
    void everyRoleAgainstTheContextViewsPageAndJson() throws Exception {
        List<String> failures = new ArrayList<>();
        for (Role role : Role.values()) {
            StaffClient c = as(role);
            for (Spec s : SPECS) {
                for (String path : List.of("/alerts/" + s.id() + "/context", "/api/alerts/" + s.id() + "/context")) {
                    long ok = audited(role, "VIEW_CONTEXT", "OK");
                    long denied = audited(role, "VIEW_CONTEXT", "DENIED");
                    HttpResponse<String> r = c.get(path);
                    if (contextReaders(s).contains(role)) {
                        if (r.statusCode() != 200 || audited(role, "VIEW_CONTEXT", "OK") != ok + 1
                                || !r.body().contains(s.conv() + "-m6")) {
                            failures.add(role + " " + path + ": expected the context, got " + r.statusCode());
                        }
                    } else if (r.statusCode() != 403 || audited(role, "VIEW_CONTEXT", "DENIED") != denied + 1
                            || r.body().contains("line 6 of")) {
                        failures.add(role + " " + path + ": expected 403 + one audited denial, got " + r.statusCode());
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void theContextIsTheWindowAroundTheEvidenceAsDisplayedWithSendersAndTheViewIsAuditedWithItsIds() throws Exception {
        StaffClient c = as(Role.COUNSELLOR);
        JsonNode j = EventJson.mapper().readTree(c.get("/api/alerts/pC/context").body());
        assertTrue(j.get("private").asBoolean());
        List<String> ids = new ArrayList<>();
        j.get("messages").forEach(m -> ids.add(m.get("messageId").asText()));
        assertEquals(List.of("pm-2-m4", "pm-2-m5", "pm-2-m6", "pm-2-m7"), ids, "2 before, 1 after");
        assertTrue(j.get("messages").get(2).get("evidence").asBoolean());
        assertFalse(j.get("messages").get(1).get("evidence").asBoolean());
        assertEquals("line 6 of pm-2", j.get("messages").get(2).get("displayText").asText());
        assertTrue(j.get("messages").get(2).get("senderId").asText().startsWith("u-"));
        List<AuditEntry> views = store.auditLog(Integer.MAX_VALUE, e -> "VIEW_CONTEXT".equals(e.action()) && "OK".equals(e.outcome())
                && e.target().startsWith("pC "));
        assertTrue(views.get(views.size() - 1).target().contains("pm-2-m4,pm-2-m5,pm-2-m6,pm-2-m7"), views.toString());

        String page = c.get("/alerts/pC").body();
        assertTrue(page.contains("id=context-link"), "the alert page links its context");
        String mod = as(Role.MODERATOR).get("/alerts/pM").body();
        assertTrue(mod.contains("id=context-private") && !mod.contains("id=context-link"), "a moderator is told why not");
        assertTrue(mod.contains("the words of pM"), "the moderator reads the evidence of its own tier's alert");
    }

    @Test
    void claimAcknowledgesToTheJobRecordsWhoIsOnItAndIsRefusedAboveTheRole() throws Exception {
        List<String> failures = new ArrayList<>();
        for (Role role : Role.values()) {
            StaffClient c = as(role);
            for (Spec s : SPECS) {
                long denied = audited(role, "CLAIM_ALERT", "DENIED");
                long ok = audited(role, "CLAIM_ALERT", "OK");
                int status = c.act("/alerts/" + s.id() + "/claim", Map.of()).statusCode();
                if (seeing(s.tier()).contains(role)) {
                    if (status != 303 || audited(role, "CLAIM_ALERT", "OK") != ok + 1) {
                        failures.add(role + " claim " + s.id() + ": expected allowed, got " + status);
                    } else if (!(role.name().toLowerCase()).equals(store.alert(s.id()).orElseThrow().claimedBy())) {
                        failures.add(role + " claim " + s.id() + ": not recorded");
                    }
                } else if (status != 403 || audited(role, "CLAIM_ALERT", "DENIED") != denied + 1) {
                    failures.add(role + " claim " + s.id() + ": expected 403 + audited denial, got " + status);
                }
            }
        }
        assertEquals(List.of(), failures);
        StaffAction last = published.get(published.size() - 1);
        assertEquals(StaffAction.Type.ACKNOWLEDGE_ALERT, last.type(), "a claim acknowledges: the job stops the clock");
        assertEquals(Tier.SAFEGUARDING, publishedRoles.get(publishedRoles.size() - 1));
        assertEquals(AlertStatus.ACKNOWLEDGED, store.alert("pS").orElseThrow().status());
        assertTrue(store.alert("pM").orElseThrow().history().stream().anyMatch(h -> h.event().equals("claimed (taking over from moderator)")),
                "a later claim takes over and says from whom");
        assertTrue(as(Role.SAFEGUARDING).get("/alerts/pS").body().contains("safeguarding (SAFEGUARDING) since"));
        assertEquals(403, as(Role.MODERATOR).postJson("/api/alerts/pC/claim", "{}", true).statusCode());
        assertEquals(200, as(Role.COUNSELLOR).postJson("/api/alerts/pC/claim", "{}", true).statusCode());
    }

    @Test
    void theCombinedQueueIsByTierThenOverdueFirstWithAgesAndDeadlines() throws Exception {
        // three more safeguarding alerts: overdue by 2 h, overdue by 1 h (acknowledged: not overdue), due later
        store.applyAlert(new StaffAlert("sLate", 1, Tier.SAFEGUARDING, Category.GROOMING, "pm-9", List.of("u-0"), List.of("x"),
                List.of(), "p", NOW.minus(Duration.ofMinutes(20)), NOW.minus(Duration.ofMinutes(20)), NOW.minus(Duration.ofMinutes(5)), true),
                "t", 1, 1);
        store.applyAlert(new StaffAlert("sAck", 1, Tier.SAFEGUARDING, Category.GROOMING, "pm-9", List.of("u-0"), List.of("x"),
                List.of(), "p", T0, T0, T0.plus(Duration.ofMinutes(15)), false), "t", 1, 2);
        store.recordAction("sAck", "acknowledge_alert", AlertStatus.ACKNOWLEDGED, null, "sam");
        store.applyAlert(new StaffAlert("sSoon", 1, Tier.SAFEGUARDING, Category.GROOMING, "pm-9", List.of("u-0"), List.of("x"),
                List.of(), "p", NOW.minus(Duration.ofMinutes(1)), NOW.minus(Duration.ofMinutes(1)), NOW.plus(Duration.ofMinutes(14)), false),
                "t", 1, 3);
        StaffClient c = as(Role.SAFEGUARDING);
        JsonNode q = EventJson.mapper().readTree(c.get("/api/alerts?tier=ALL").body());
        List<String> order = new ArrayList<>();
        q.forEach(a -> order.add(a.get("alertId").asText()));
        int late = order.indexOf("sLate");
        int ack = order.indexOf("sAck");
        int soon = order.indexOf("sSoon");
        int counsellor = order.indexOf("pC");
        assertTrue(late < ack && late < soon, "overdue first within the tier: " + order);
        assertTrue(soon < counsellor && ack < counsellor, "every safeguarding alert before the counsellors': " + order);
        assertTrue(counsellor < order.indexOf("gM"), "moderator tier last: " + order);
        JsonNode lateJson = q.get(late);
        assertTrue(lateJson.get("overdue").asBoolean());
        assertTrue(lateJson.get("outsideStaffedHours").asBoolean());
        assertEquals(1200, lateJson.get("ageSeconds").asLong());
        assertFalse(q.get(ack).get("overdue").asBoolean(), "acknowledged in time: not overdue");
        assertEquals("ALL [" , store.auditLog(1, e -> "VIEW_QUEUE".equals(e.action())).get(0).target().substring(0, 5));

        String page = c.get("/queue?tier=ALL").body();
        assertTrue(page.contains("overdue by 5m") && page.contains("due in 14m") && page.contains("raised out of hours"), page);
        assertEquals(403, as(Role.ADMIN).get("/queue?tier=ALL").statusCode());
        String mod = as(Role.MODERATOR).get("/api/alerts?tier=ALL").body();
        assertTrue(mod.contains("gM") && !mod.contains("sLate") && !mod.contains("pC"), "a moderator's ALL is the moderator queue");
    }
}
