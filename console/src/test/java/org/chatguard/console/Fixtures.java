package org.chatguard.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.ContentKind;
import org.chatguard.model.Decision;
import org.chatguard.model.Evidence;
import org.chatguard.model.RuleMatch;
import org.chatguard.model.StaffAlert;
import org.chatguard.model.Tier;

/** Test data and a clock tests can move. */
public final class Fixtures {

    public static final Instant T0 = Instant.parse("2026-11-27T09:00:00Z");

    private Fixtures() {
    }

    public static StaffAlert alert(String id, int seq, Tier tier, Category cat, Instant at) {
        return new StaffAlert(id, seq, tier, cat, "conv-" + id, List.of("u-" + id + "-a", "u-" + id + "-b"),
                List.of(cat.name().toLowerCase() + " (rule r." + seq + ")"),
                List.of(new Evidence("m-" + id + "-" + seq, "u-" + id + "-a", "masked **** " + seq, at)), "pack-1", T0, at);
    }

    public static Decision held(String id, Instant at) {
        return new Decision(id, ContentKind.CHAT, "conv-h", "u-h", Action.HOLD, "see you ****** at the park",
                List.of(Category.PERSONAL_INFO), List.of(new RuleMatch("pi.meet", Category.PERSONAL_INFO, 3, Action.HOLD, 0, 3, null),
                        new RuleMatch("prof.x", Category.PROFANITY, 1, Action.MASK, 8, 14, null)),
                List.of(), "pack-1", at, at);
    }

    public static Decision allow(String id, Instant at) {
        return new Decision(id, ContentKind.CHAT, "conv-h", "u-h", Action.ALLOW, "hello", List.of(), List.of(), List.of(), "pack-1", at, at);
    }

    /** Polls until the condition holds; fails naming what did not happen within a minute. */
    public static void await(BooleanSupplier c, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            if (c.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out: " + what);
    }

    /** A clock that only moves when told. */
    public static final class MutableClock extends Clock {
        private volatile Instant now;

        public MutableClock(Instant start) {
            this.now = start;
        }

        public void set(Instant t) {
            now = t;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
