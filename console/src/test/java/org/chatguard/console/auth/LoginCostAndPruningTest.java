package org.chatguard.console.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.chatguard.console.Fixtures;
import org.chatguard.console.Role;

/** Logins cost the same whether the name exists; what login and sessions keep in memory stays bounded. */
class LoginCostAndPruningTest {

    @Test
    void anUnknownNameCostsTheSamePbkdf2WorkAsARealOne() {
        Users users = Users.parse(List.of(
                "user alice MODERATOR " + Passwords.hash("right".toCharArray(), 20_000),
                "user bob COUNSELLOR " + Passwords.hash("right".toCharArray(), 20_000)));
        long known = work(() -> assertTrue(users.authenticate("alice", "wrong".toCharArray()).isEmpty()));
        long unknown = work(() -> assertTrue(users.authenticate("no-such-user", "wrong".toCharArray()).isEmpty()));
        long nameless = work(() -> assertTrue(users.authenticate(null, "wrong".toCharArray()).isEmpty()));
        assertEquals(20_000, known);
        assertEquals(known, unknown, "an unknown name is verified against a dummy hash of the same cost");
        assertEquals(known, nameless);
        assertTrue(users.authenticate("alice", "right".toCharArray()).isPresent());
    }

    @Test
    void withNoUsersTheDummyCostsTheDefaultWork() {
        Users tokensOnly = Users.parse(List.of("token tool MODERATOR " + Passwords.sha256("t")));
        assertEquals(Passwords.DEFAULT_ITERATIONS, work(() -> tokensOnly.authenticate("x", "y".toCharArray())));
    }

    private static long work(Runnable r) {
        long before = Passwords.workDone();
        r.run();
        return Passwords.workDone() - before;
    }

    @Test
    void expiredSessionsAreDroppedNotKeptForever() {
        Fixtures.MutableClock clock = new Fixtures.MutableClock(Fixtures.T0);
        Sessions sessions = new Sessions(Duration.ofMinutes(30), clock);
        for (int i = 0; i < 500; i++) {
            sessions.create(new Users.Account("u" + i, Role.MODERATOR));
        }
        Sessions.Session kept = sessions.create(new Users.Account("busy", Role.COUNSELLOR));
        assertEquals(501, sessions.size());
        clock.set(Fixtures.T0.plus(Duration.ofMinutes(20)));
        assertTrue(sessions.find(kept.id()).isPresent(), "in use: its idle time restarts");
        clock.set(Fixtures.T0.plus(Duration.ofMinutes(45)));
        sessions.create(new Users.Account("late", Role.MODERATOR));
        assertEquals(2, sessions.size(), "the 500 abandoned sessions are gone; the busy one and the new one stay");
    }

    @Test
    void failedLoginsAreForgottenAfterTheWindowAndTheTableIsBounded() {
        Fixtures.MutableClock clock = new Fixtures.MutableClock(Fixtures.T0);
        LoginThrottle t = new LoginThrottle(5, Duration.ofMinutes(15), 100, clock);
        for (int i = 0; i < 1000; i++) {
            t.failed("guess-" + i);
        }
        assertEquals(100, t.size(), "at most maxNames names tracked");
        for (int i = 0; i < 5; i++) {
            t.failed("carol");
        }
        assertTrue(t.locked("carol"));
        clock.set(Fixtures.T0.plus(Duration.ofMinutes(16)));
        assertFalse(t.locked("carol"), "the lock ends with the window");
        assertEquals(0, t.size(), "names whose failures aged out are dropped");
        t.failed("dave");
        t.succeeded("dave");
        assertEquals(0, t.size());
    }
}
