package org.chatguard.console.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.chatguard.console.Role;

/**
 * Server-side sessions: a random id in a {@code Secure; HttpOnly; SameSite=Strict} cookie, a per-session
 * CSRF token that every state-changing request must echo, an idle timeout (expired sessions are removed
 * when they are looked up and whenever a session is created, so abandoned ones do not pile up). In memory: a restart logs
 * everyone out, which is the safe direction.
 */
public final class Sessions {

    public static final String COOKIE = "cg_session";

    public record Session(String id, String user, Role role, String csrf, Instant created, Instant lastSeen) {
    }

    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final Duration idle;
    private final Clock clock;

    public Sessions(Duration idle, Clock clock) {
        this.idle = idle;
        this.clock = clock;
    }

    public Session create(Users.Account account) {
        Instant now = clock.instant();
        prune(now);
        Session s = new Session(Passwords.randomToken(), account.name(), account.role(), Passwords.randomToken(), now, now);
        byId.put(s.id(), s);
        return s;
    }

    public Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = byId.get(id);
        Instant now = clock.instant();
        if (s == null) {
            return Optional.empty();
        }
        if (s.lastSeen().plus(idle).isBefore(now)) {
            byId.remove(id);
            return Optional.empty();
        }
        Session touched = new Session(s.id(), s.user(), s.role(), s.csrf(), s.created(), now);
        byId.put(id, touched);
        return Optional.of(touched);
    }

    /** Sessions held (idle ones are dropped whenever a session is created, so this stays bounded by use). */
    public int size() {
        prune(clock.instant());
        return byId.size();
    }

    private void prune(Instant now) {
        byId.values().removeIf(s -> s.lastSeen().plus(idle).isBefore(now));
    }

    public void end(String id) {
        if (id != null) {
            byId.remove(id);
        }
    }
}
