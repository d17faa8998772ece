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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.chatguard.console.ConsoleService;
import org.chatguard.console.Fixtures;
import org.chatguard.console.OriginalTextSource;
import org.chatguard.console.Role;
import org.chatguard.console.StaffActionSink;
import org.chatguard.console.auth.Passwords;
import org.chatguard.console.auth.Sessions;
import org.chatguard.console.auth.Users;
import org.chatguard.console.store.AlertStore;
import org.chatguard.console.store.AuditEntry;
import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.Decision;
import org.chatguard.model.StaffAction;
import org.chatguard.model.Tier;

/**
 * Every role against every page and action of the console (pages and JSON API), on the real server
 * and store with a recording staff-action sink: allowed ones succeed, denied ones are 403 and audited.
 */
class AccessControlTest {

    @TempDir
    static Path dir;

    static AlertStore store;
    static ConsoleServer server;
    static final List<StaffAction> published = new CopyOnWriteArrayList<>();
    static final List<Decision> decisions = new CopyOnWriteArrayList<>();
    /** actionId -> {staffRole, until} as the console handed them to the sink */
    static final Map<String, Object[]> publishedWith = new java.util.concurrent.ConcurrentHashMap<>();
    static volatile boolean brokerDown;
    static final String API_TOKEN = "test-token-for-moderation-tool-0123456789";

    static final Map<Tier, String> ALERT = Map.of(Tier.MODERATOR, "aM", Tier.COUNSELLOR, "aC", Tier.SAFEGUARDING, "aS");

    @BeforeAll
    static void start() throws Exception {
        store = AlertStore.open(dir.resolve("store"));
        store.applyAlert(Fixtures.alert("aM", 1, Tier.MODERATOR, Category.PROFANITY, T0), "t", 0, 0);
        store.applyAlert(Fixtures.alert("aC", 1, Tier.COUNSELLOR, Category.SELF_HARM, T0), "t", 0, 1);
        store.applyAlert(Fixtures.alert("aS", 1, Tier.SAFEGUARDING, Category.GROOMING, T0), "t", 0, 2);
        store.applyAlert(Fixtures.alert("aE", 1, Tier.MODERATOR, Category.INSULT, T0), "t", 0, 3);
        for (Role r : Role.values()) {
            store.applyDecision(Fixtures.held("h-" + r, T0), "d", 0, r.ordinal());
        }
        StaffActionSink sink = new StaffActionSink() {
            @Override
            public void publish(StaffAction a, Tier staffRole, Instant until) {
                if (brokerDown) {
                    throw new IllegalStateException("could not publish to staff-actions: TimeoutException");
                }
                published.add(a);
                publishedWith.put(a.actionId(), new Object[] {staffRole, until});
            }

            @Override
            public void publishDecision(Decision d) {
                decisions.add(d);
            }
        };
        OriginalTextSource originals = (id, conversation, sender, at) -> Optional.of("the original words of " + id);
        List<String> lines = new ArrayList<>();
        for (Role r : Role.values()) {
            lines.add("user " + r.name().toLowerCase() + " " + r + " " + Passwords.hash((r + "-pw").toCharArray(), 1000));
        }
        lines.add("token modtool MODERATOR " + Passwords.sha256(API_TOKEN));
        server = new ConsoleServer(new InetSocketAddress("127.0.0.1", 0),
                new ConsoleService(store, sink, originals, java.time.Clock.systemUTC()), Users.parse(lines),
                new Sessions(Duration.ofMinutes(30), java.time.Clock.systemUTC())).start();
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

    record Probe(String name, String auditAction, Set<Role> allowed, Call call) {
    }

    interface Call {
        HttpResponse<String> run(StaffClient c, Role r) throws Exception;
    }

    static Set<Role> seeing(Tier t) {
        return switch (t) {
            case MODERATOR -> Set.of(Role.MODERATOR, Role.SAFEGUARDING);
            case COUNSELLOR -> Set.of(Role.COUNSELLOR, Role.SAFEGUARDING);
            case SAFEGUARDING -> Set.of(Role.SAFEGUARDING);
        };
    }

    static List<Probe> probes() {
        List<Probe> p = new ArrayList<>();
        for (Tier t : Tier.values()) {
            String a = ALERT.get(t);
            p.add(new Probe("queue " + t, "VIEW_QUEUE", seeing(t), (c, r) -> c.get("/queue?tier=" + t)));
            p.add(new Probe("alert " + t, "VIEW_ALERT", seeing(t), (c, r) -> c.get("/alerts/" + a)));
            p.add(new Probe("acknowledge " + t, "ACTION_ACKNOWLEDGE_ALERT", seeing(t),
                    (c, r) -> c.act("/alerts/" + a + "/action", Map.of("type", "ACKNOWLEDGE_ALERT"))));
            p.add(new Probe("mute " + t, "ACTION_MUTE_CONVERSATION", seeing(t),
                    (c, r) -> c.act("/alerts/" + a + "/action", Map.of("type", "MUTE_CONVERSATION"))));
            p.add(new Probe("block " + t, "ACTION_BLOCK_USER", seeing(t),
                    (c, r) -> c.act("/alerts/" + a + "/action", Map.of("type", "BLOCK_USER", "userId", "u-" + a + "-a"))));
            p.add(new Probe("resolve " + t, "ACTION_RESOLVE_ALERT", seeing(t),
                    (c, r) -> c.act("/alerts/" + a + "/action", Map.of("type", "RESOLVE_ALERT", "note", "dealt with by " + r))));
            p.add(new Probe("note " + t, "ADD_NOTE", seeing(t), (c, r) -> c.act("/alerts/" + a + "/notes", Map.of("text", "note by " + r))));
            p.add(new Probe("original " + t, "VIEW_ORIGINAL", t == Tier.SAFEGUARDING ? Set.of(Role.SAFEGUARDING) : Set.of(Role.SAFEGUARDING),
                    (c, r) -> c.act("/alerts/" + a + "/original", Map.of("messageId", "m-" + a + "-1", "reason", "LADO asked for the transcript"))));
            p.add(new Probe("api queue " + t, "VIEW_QUEUE", seeing(t), (c, r) -> c.get("/api/alerts?tier=" + t)));
            p.add(new Probe("api alert " + t, "VIEW_ALERT", seeing(t), (c, r) -> c.get("/api/alerts/" + a)));
            p.add(new Probe("api acknowledge " + t, "ACTION_ACKNOWLEDGE_ALERT", seeing(t),
                    (c, r) -> c.postJson("/api/alerts/" + a + "/actions", "{\"type\":\"ACKNOWLEDGE_ALERT\"}", true)));
        }
        p.add(new Probe("held", "VIEW_HELD", Set.of(Role.MODERATOR, Role.SAFEGUARDING), (c, r) -> c.get("/held")));
        p.add(new Probe("api held", "VIEW_HELD", Set.of(Role.MODERATOR, Role.SAFEGUARDING), (c, r) -> c.get("/api/held")));
        p.add(new Probe("release", "RELEASE_HELD", Set.of(Role.MODERATOR, Role.SAFEGUARDING), (c, r) -> c.act("/held/h-" + r + "/release", Map.of())));
        p.add(new Probe("deny", "DENY_HELD", Set.of(Role.MODERATOR, Role.SAFEGUARDING), (c, r) -> c.act("/held/h-" + r + "/deny", Map.of())));
        p.add(new Probe("audit", "VIEW_AUDIT", Set.of(Role.ADMIN), (c, r) -> c.get("/audit")));
        p.add(new Probe("api audit", "VIEW_AUDIT", Set.of(Role.ADMIN), (c, r) -> c.get("/api/audit")));
        return p;
    }

    @Test
    void everyRoleAgainstEveryPageAndAction() throws Exception {
        List<String> failures = new ArrayList<>();
        Map<Role, Integer> denied = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            StaffClient c = as(role);
            for (Probe p : probes()) {
                long deniedBefore = deniedCount(role, p.auditAction());
                int status = p.call().run(c, role).statusCode();
                long deniedAfter = deniedCount(role, p.auditAction());
                if (p.allowed().contains(role)) {
                    // "deny" after "release" on the same held message is a conflict, not a refusal
                    Set<Integer> ok = p.name().equals("deny") ? Set.of(303, 409) : Set.of(200, 303);
                    if (!ok.contains(status) || deniedAfter != deniedBefore) {
                        failures.add(role + " " + p.name() + ": expected allowed, got " + status);
                    }
                } else {
                    denied.merge(role, 1, Integer::sum);
                    if (status != 403 || deniedAfter != deniedBefore + 1) {
                        failures.add(role + " " + p.name() + ": expected 403 + one audited denial, got " + status
                                + " (+" + (deniedAfter - deniedBefore) + " audited)");
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(denied.get(Role.ADMIN) > 30 && denied.get(Role.MODERATOR) > 15 && denied.get(Role.COUNSELLOR) > 15);
        assertEquals(2, denied.get(Role.SAFEGUARDING), "safeguarding: only the audit pages refused");
        assertTrue(store.verifyAuditChain() > 100);
    }

    static long deniedCount(Role role, String action) {
        return store.auditLog(Integer.MAX_VALUE, e -> role.name().equals(e.role()) && action.equals(e.action()) && "DENIED".equals(e.outcome())).size();
    }

    @Test
    void moderatorNeverSeesCounsellorOrSafeguardingNotes() throws Exception {
        store.addNote("aM", "safeguarding", Role.SAFEGUARDING, "SAFEGUARDING-ONLY-NOTE");
        store.addNote("aM", "moderator", Role.MODERATOR, "MODERATOR-NOTE");
        store.addNote("aC", "counsellor", Role.COUNSELLOR, "COUNSELLOR-NOTE");
        String mod = as(Role.MODERATOR).get("/alerts/aM").body();
        assertTrue(mod.contains("MODERATOR-NOTE"));
        assertFalse(mod.contains("SAFEGUARDING-ONLY-NOTE"));
        assertFalse(as(Role.MODERATOR).get("/api/alerts/aM").body().contains("SAFEGUARDING-ONLY-NOTE"));
        assertTrue(as(Role.COUNSELLOR).get("/alerts/aC").body().contains("COUNSELLOR-NOTE"));
        String safe = as(Role.SAFEGUARDING).get("/alerts/aC").body();
        assertTrue(safe.contains("COUNSELLOR-NOTE"), "counsellor notes are shared with the Safeguarding Team");
        assertFalse(mod.contains("Show exactly what was said"), "no original-text form for moderators");
        assertTrue(as(Role.SAFEGUARDING).get("/alerts/aS").body().contains("Show exactly what was said"));
    }

    @Test
    void originalTextOnlyOnExplicitRequestWithReasonAndAudited() throws Exception {
        StaffClient safe = as(Role.SAFEGUARDING);
        String page = safe.get("/alerts/aS").body();
        assertFalse(page.contains("the original words"), "not shown without an explicit request");
        assertEquals(400, safe.act("/alerts/aS/original", Map.of("messageId", "m-aS-1", "reason", "")).statusCode());
        HttpResponse<String> r = safe.act("/alerts/aS/original", Map.of("messageId", "m-aS-1", "reason", "Police (CEOP) request 2026/77"));
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("the original words of m-aS-1"));
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElseThrow());
        AuditEntry e = store.auditLog(10, x -> x.action().equals("VIEW_ORIGINAL") && "SHOWN".equals(x.outcome())
                && "Police (CEOP) request 2026/77".equals(x.reason())).get(0);
        assertEquals("safeguarding", e.user());
        assertEquals("aS/m-aS-1", e.target());
        assertTrue(Duration.between(e.at(), Instant.now()).abs().toSeconds() < 60);
    }

    @Test
    void csrfLoginAndCookieRules() throws Exception {
        StaffClient anon = new StaffClient(server.port());
        assertEquals(303, anon.get("/queue?tier=MODERATOR").statusCode());
        assertEquals("/login", anon.get("/queue?tier=MODERATOR").headers().firstValue("Location").orElseThrow());
        assertEquals(401, anon.get("/api/alerts?tier=MODERATOR").statusCode());
        assertEquals(401, anon.login("moderator", "wrong").statusCode());
        assertFalse(store.auditLog(5, x -> x.action().equals("LOGIN") && "FAILED".equals(x.outcome())).isEmpty());

        StaffClient guesser = new StaffClient(server.port());
        for (int i = 0; i < ConsoleServer.MAX_FAILURES; i++) {
            assertEquals(401, guesser.login("counsellor-typo", "guess" + i).statusCode());
        }
        assertEquals(429, guesser.login("counsellor-typo", "guess-more").statusCode(), "locked after repeated failures");
        assertEquals(1, store.auditLog(50, x -> "counsellor-typo".equals(x.user()) && "LOCKED".equals(x.outcome())).size());

        StaffClient mod = new StaffClient(server.port());
        HttpResponse<String> login = mod.login("moderator", "MODERATOR-pw");
        String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(Sessions.COOKIE)).findFirst().orElseThrow();
        assertTrue(cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);

        int before = published.size();
        assertEquals(403, mod.post("/alerts/aE/action", Map.of("type", "ACKNOWLEDGE_ALERT")).statusCode(), "no CSRF token");
        assertEquals(403, mod.post("/alerts/aE/action", Map.of("type", "ACKNOWLEDGE_ALERT", "csrf", "forged")).statusCode());
        assertEquals(403, mod.postJson("/api/alerts/aE/actions", "{\"type\":\"ACKNOWLEDGE_ALERT\"}", false).statusCode());
        assertEquals(before, published.size(), "nothing published without a valid CSRF token");
        assertEquals(3, store.auditLog(20, x -> x.action().equals("CSRF_REJECTED") && "moderator".equals(x.user())).size());

        // API tokens: role-limited like sessions, no CSRF (no cookie involved)
        StaffClient tool = new StaffClient(server.port());
        tool.bearer = API_TOKEN;
        assertEquals(200, tool.get("/api/alerts?tier=MODERATOR").statusCode());
        assertEquals(403, tool.get("/api/alerts?tier=COUNSELLOR").statusCode());
        tool.bearer = "wrong-token";
        assertEquals(401, tool.get("/api/alerts?tier=MODERATOR").statusCode());
    }

    @Test
    void escalationMovesTheAlertOutOfTheModeratorsReach() throws Exception {
        StaffClient mod = as(Role.MODERATOR);
        assertEquals(303, mod.act("/alerts/aE/action", Map.of("type", "ESCALATE_ALERT")).statusCode());
        assertEquals(Tier.COUNSELLOR, store.alert("aE").orElseThrow().tier());
        StaffAction a = published.stream().filter(x -> "aE".equals(x.alertId()) && x.type() == StaffAction.Type.ESCALATE_ALERT).findFirst().orElseThrow();
        assertEquals("moderator", a.staffId());
        assertEquals(403, mod.get("/alerts/aE").statusCode());
        assertEquals(200, as(Role.COUNSELLOR).get("/alerts/aE").statusCode());
    }

    @Test
    void aFailedPublishChangesNothingAndSaysSo() throws Exception {
        store.applyAlert(Fixtures.alert("aF", 1, Tier.MODERATOR, Category.INSULT, T0), "t", 0, 50);
        StaffClient mod = as(Role.MODERATOR);
        brokerDown = true;
        try {
            assertEquals(503, mod.act("/alerts/aF/action", Map.of("type", "RESOLVE_ALERT", "note", "done")).statusCode());
        } finally {
            brokerDown = false;
        }
        assertEquals(org.chatguard.console.store.AlertStatus.OPEN, store.alert("aF").orElseThrow().status());
        assertTrue(store.notes("aF").isEmpty());
        assertEquals(1, store.auditLog(20, x -> "aF".equals(x.target()) && "FAILED publish".equals(x.outcome())).size());
    }

    @Test
    void releasingAHeldMessagePublishesTheActionAndAFollowUpDecision() throws Exception {
        store.applyDecision(Fixtures.held("h-release", T0), "d", 0, 99);
        StaffClient mod = as(Role.MODERATOR);
        assertTrue(mod.get("/held").body().contains("h-release"));
        assertEquals(303, mod.act("/held/h-release/release", Map.of()).statusCode());
        StaffAction a = published.stream().filter(x -> "h-release".equals(x.messageId())).findFirst().orElseThrow();
        assertEquals(StaffAction.Type.RELEASE_HELD, a.type());
        assertEquals("u-h", a.userId());
        Decision d = decisions.stream().filter(x -> x.id().equals("h-release")).findFirst().orElseThrow();
        assertEquals(Action.MASK, d.action());
        assertEquals(List.of("released-by-staff"), d.reasons());
        assertEquals("see you ****** at the park", d.displayText());
        assertEquals(409, mod.act("/held/h-release/deny", Map.of()).statusCode());
    }

    // ------------------------------------------------------------------ issue 12, items 1 and 4

    static long audited(String user, String action, String targetPart) {
        return store.auditLog(Integer.MAX_VALUE, e -> user.equals(e.user()) && action.equals(e.action()) && "OK".equals(e.outcome())
                && e.target() != null && e.target().contains(targetPart)).size();
    }

    @Test
    void queueListsAndJsonListsAreAuditedWithTheAlertsTheyShow() throws Exception {
        store.applyAlert(Fixtures.alert("aQ", 1, Tier.MODERATOR, Category.INSULT, T0), "t", 0, 60);
        store.applyDecision(Fixtures.held("h-listed", T0), "d", 0, 60);
        StaffClient mod = as(Role.MODERATOR);
        long before = audited("moderator", "VIEW_QUEUE", "aQ");
        assertEquals(200, mod.get("/queue?tier=MODERATOR").statusCode());
        assertEquals(200, mod.get("/api/alerts?tier=MODERATOR").statusCode());
        assertEquals(200, mod.get("/api/queue?tier=MODERATOR&status=all").statusCode());
        assertEquals(before + 3, audited("moderator", "VIEW_QUEUE", "aQ"), "each list names the alerts whose reasons and users it showed");
        long held = audited("moderator", "VIEW_HELD", "h-listed");
        assertEquals(200, mod.get("/api/held").statusCode());
        assertEquals(held + 1, audited("moderator", "VIEW_HELD", "h-listed"));
        assertTrue(store.verifyAuditChain() > 0);
    }

    @Test
    void staffActionsCarryTheActorsTierAndAMuteItsEndWhichTheConsoleShows() throws Exception {
        store.applyAlert(Fixtures.alert("aMu", 1, Tier.MODERATOR, Category.INSULT, T0), "t", 0, 70);
        StaffClient mod = as(Role.MODERATOR);
        assertEquals(303, mod.act("/alerts/aMu/action", Map.of("type", "MUTE_CONVERSATION")).statusCode());
        StaffAction mute = published.stream().filter(x -> "aMu".equals(x.alertId()) && x.type() == StaffAction.Type.MUTE_CONVERSATION)
                .findFirst().orElseThrow();
        Object[] with = publishedWith.get(mute.actionId());
        assertEquals(Tier.MODERATOR, with[0]);
        assertEquals(mute.at().plus(Duration.ofHours(24)), with[1], "default mute: 24 hours");
        Instant until = (Instant) with[1];
        String page = mod.get("/alerts/aMu").body();
        assertTrue(page.contains("id=mute>Conversation muted by moderator (MODERATOR) until " + until), page);
        String queue = mod.get("/queue?tier=MODERATOR").body();
        assertTrue(queue.contains("moderator (MODERATOR) until " + until));
        assertTrue(mod.get("/api/alerts/aMu").body().contains("\"mutedUntil\":\"" + until + "\""));

        // the Safeguarding Team acting on the same tier's alert sends its own tier; other actions carry no end
        assertEquals(303, as(Role.SAFEGUARDING).act("/alerts/aMu/action", Map.of("type", "ACKNOWLEDGE_ALERT")).statusCode());
        StaffAction ack = published.stream().filter(x -> "aMu".equals(x.alertId()) && x.type() == StaffAction.Type.ACKNOWLEDGE_ALERT)
                .findFirst().orElseThrow();
        assertEquals(Tier.SAFEGUARDING, publishedWith.get(ack.actionId())[0]);
        assertEquals(null, publishedWith.get(ack.actionId())[1]);

        // unmuting clears what the console shows
        assertEquals(303, mod.act("/alerts/aMu/action", Map.of("type", "UNMUTE_CONVERSATION")).statusCode());
        assertFalse(mod.get("/alerts/aMu").body().contains("id=mute"));
    }

    @Test
    void consoleLogsNeverCarryRequestBodies() throws Exception {
        java.io.StringWriter out = new java.io.StringWriter();
        org.apache.logging.log4j.core.LoggerContext ctx = org.apache.logging.log4j.core.LoggerContext.getContext(false);
        org.apache.logging.log4j.core.appender.WriterAppender capture = org.apache.logging.log4j.core.appender.WriterAppender.newBuilder()
                .setName("capture-" + System.nanoTime()).setTarget(out)
                .setLayout(org.apache.logging.log4j.core.layout.PatternLayout.newBuilder().withPattern("%p %c %m%n").build()).build();
        capture.start();
        org.apache.logging.log4j.core.config.LoggerConfig cfg = ctx.getConfiguration().getLoggerConfig(ConsoleServer.class.getName());
        cfg.addAppender(capture, org.apache.logging.log4j.Level.ALL, null);
        ctx.updateLoggers();
        try {
            StaffClient mod = as(Role.MODERATOR);
            HttpResponse<String> json = mod.postJson("/api/alerts/aM/notes", "{\"text\": SECRETCHILDWORDS and more}", true);
            assertEquals(400, json.statusCode());
            assertFalse(json.body().contains("SECRETCHILDWORDS"));
            HttpResponse<String> form = mod.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + server.port()
                    + "/alerts/aM/notes")).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("csrf=" + mod.csrf + "&text=SECRETFORM%zz")));
            assertEquals(400, form.statusCode());
        } finally {
            cfg.removeAppender(capture.getName());
            ctx.updateLoggers();
            capture.stop();
        }
        assertFalse(out.toString().contains("SECRET"), out.toString());
    }
}
