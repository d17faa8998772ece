package org.chatguard.console.web;

import static org.chatguard.console.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.chatguard.console.ConsoleService;
import org.chatguard.console.Fixtures;
import org.chatguard.console.StaffActionSink;
import org.chatguard.console.auth.Passwords;
import org.chatguard.console.auth.Sessions;
import org.chatguard.console.auth.Users;
import org.chatguard.console.store.AlertStore;
import org.chatguard.model.Category;
import org.chatguard.model.Decision;
import org.chatguard.model.Evidence;
import org.chatguard.model.StaffAction;
import org.chatguard.model.StaffAlert;
import org.chatguard.model.Tier;

/**
 * A pile-on alert (subject: the child piled on; evidence: one line per sender) on the alert page: the subject
 * and each sender readable, and the senders, who are not subjects, can be blocked from it.
 */
class PileOnAlertViewTest {

    @TempDir
    static Path dir;

    static AlertStore store;
    static ConsoleServer server;
    static final List<StaffAction> published = new CopyOnWriteArrayList<>();

    static final StaffAlert PILE_ON = new StaffAlert("al-pile", 1, Tier.MODERATOR, Category.INSULT, "room-1", List.of("u-kid"),
            List.of("pile-on: 3 senders at u-kid within 10 min: u-amy, u-bea, u-cal"),
            List.of(new Evidence("p1", "u-amy", "ur so weird nobody even likes u", T0),
                    new Evidence("p2", "u-bea", "ugly loser just leave", T0.plusSeconds(60)),
                    new Evidence("p3", "u-cal", "the whole class is laughing at u", T0.plusSeconds(120))),
            "en-default-2026.12.2", T0.plusSeconds(120), T0.plusSeconds(120), T0.plus(Duration.ofHours(4)), false);

    @BeforeAll
    static void start() throws Exception {
        store = AlertStore.open(dir.resolve("store"));
        store.applyAlert(PILE_ON, "t", 0, 0);
        StaffActionSink sink = new StaffActionSink() {
            @Override
            public void publish(StaffAction a, Tier staffRole, java.time.Instant until) {
                published.add(a);
            }

            @Override
            public void publishDecision(Decision d) {
            }
        };
        server = new ConsoleServer(new InetSocketAddress("127.0.0.1", 0),
                new ConsoleService(store, sink, (id, c, s, at) -> Optional.empty(), new Fixtures.MutableClock(T0.plusSeconds(600)),
                        Duration.ofHours(24), new ConsoleService.ContextWindow(2, 1)),
                Users.parse(List.of("user mod MODERATOR " + Passwords.hash("mod-pw".toCharArray(), 1000))),
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

    @Test
    void theAlertPageNamesTheChildAndEachSenderAndTheSendersCanBeBlocked() throws Exception {
        StaffClient c = new StaffClient(server.port());
        assertEquals(303, c.login("mod", "mod-pw").statusCode());
        String page = c.get("/alerts/al-pile").body();
        assertTrue(page.contains("about <b id=subjects>u-kid</b>"), page);
        assertTrue(page.contains("evidence from <b id=senders>u-amy, u-bea, u-cal</b>"), page);
        for (String line : List.of("ur so weird nobody even likes u", "ugly loser just leave", "the whole class is laughing at u")) {
            assertTrue(page.contains(line), "each sender's line is readable to the moderator: " + line);
        }
        for (String u : List.of("u-kid", "u-amy", "u-bea", "u-cal")) {
            assertTrue(page.contains("id=\"do-BLOCK_USER-" + u + "\""), "block " + u);
        }
        assertEquals(303, c.act("/alerts/al-pile/action", Map.of("type", "BLOCK_USER", "userId", "u-bea")).statusCode());
        StaffAction a = published.get(published.size() - 1);
        assertEquals(StaffAction.Type.BLOCK_USER, a.type());
        assertEquals("u-bea", a.userId());
        assertEquals(400, c.act("/alerts/al-pile/action", Map.of("type", "BLOCK_USER", "userId", "u-nobody")).statusCode(),
                "only people of the alert");
    }
}
