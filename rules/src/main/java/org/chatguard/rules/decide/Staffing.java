package org.chatguard.rules.decide;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.chatguard.model.Tier;

/**
 * How the site is staffed: when staff are there, how soon each tier must acknowledge an alert before it
 * goes one tier up, and what a child asking for help is told. One value per job (and per {@code classify}
 * run), configured per site.
 *
 * @param moderatorAck    acknowledgement deadline of a MODERATOR alert (staffed time)
 * @param counsellorAck   ... of a COUNSELLOR alert
 * @param safeguardingAck ... of a SAFEGUARDING alert (the top tier: overdue is shown, there is no tier above)
 */
public record Staffing(Duration moderatorAck, Duration counsellorAck, Duration safeguardingAck, StaffedHours hours,
                       SupportPolicy support) implements Serializable {

    private static final long serialVersionUID = 1L;

    public Staffing {
        for (Duration d : new Duration[] {moderatorAck, counsellorAck, safeguardingAck}) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("acknowledgement deadlines must be positive");
            }
        }
        Objects.requireNonNull(hours, "hours");
        Objects.requireNonNull(support, "support");
    }

    /** SAFEGUARDING 15 min, COUNSELLOR 30 min, MODERATOR 4 h; 8am to 8pm UK time; the bundled UK helplines. */
    public static Staffing defaults() {
        return new Staffing(Duration.ofHours(4), Duration.ofMinutes(30), Duration.ofMinutes(15), StaffedHours.defaults(),
                SupportPolicy.bundled());
    }

    public Duration ackDeadline(Tier t) {
        return switch (t) {
            case MODERATOR -> moderatorAck;
            case COUNSELLOR -> counsellorAck;
            case SAFEGUARDING -> safeguardingAck;
        };
    }

    /** When an alert of tier {@code t} raised (or escalated) at {@code from} must be acknowledged. */
    public Instant ackDue(Tier t, Instant from) {
        return hours.addStaffed(from, ackDeadline(t));
    }

    public Staffing withAck(Tier t, Duration d) {
        return new Staffing(t == Tier.MODERATOR ? d : moderatorAck, t == Tier.COUNSELLOR ? d : counsellorAck,
                t == Tier.SAFEGUARDING ? d : safeguardingAck, hours, support);
    }

    public Staffing withHours(StaffedHours h) {
        return new Staffing(moderatorAck, counsellorAck, safeguardingAck, h, support);
    }

    public Staffing withSupport(SupportPolicy s) {
        return new Staffing(moderatorAck, counsellorAck, safeguardingAck, hours, s);
    }
}
