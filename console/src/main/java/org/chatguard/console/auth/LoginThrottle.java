package org.chatguard.console.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Failed logins per user name: {@code maxFailures} within {@code window} lock the name until the oldest
 * of them is older than the window. Bounded: names whose failures have all aged out are dropped on
 * every call, and at most {@code maxNames} names are tracked (beyond that the name with the oldest
 * latest failure goes; filling the table takes that many PBKDF2-priced failed logins first).
 */
public final class LoginThrottle {

    private final int maxFailures;
    private final Duration window;
    private final int maxNames;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();

    public LoginThrottle(int maxFailures, Duration window, int maxNames, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.maxNames = maxNames;
        this.clock = clock;
    }

    /** Whether the name is locked now. */
    public synchronized boolean locked(String name) {
        prune();
        Deque<Instant> f = failures.get(name);
        return f != null && f.size() >= maxFailures;
    }

    public synchronized void failed(String name) {
        prune();
        if (!failures.containsKey(name) && failures.size() >= maxNames) {
            failures.entrySet().stream().min(Comparator.comparing(e -> e.getValue().peekLast()))
                    .ifPresent(e -> failures.remove(e.getKey()));
        }
        Deque<Instant> f = failures.computeIfAbsent(name, k -> new ArrayDeque<>());
        f.addLast(clock.instant());
        while (f.size() > maxFailures) {
            f.removeFirst();
        }
    }

    public synchronized void succeeded(String name) {
        failures.remove(name);
    }

    /** Names currently tracked. */
    public synchronized int size() {
        prune();
        return failures.size();
    }

    private void prune() {
        Instant cutoff = clock.instant().minus(window);
        failures.values().removeIf(f -> {
            while (!f.isEmpty() && f.peekFirst().isBefore(cutoff)) {
                f.removeFirst();
            }
            return f.isEmpty();
        });
    }
}
