package org.chatguard.rules.risk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.chatguard.model.StaffAlert;
import org.chatguard.model.Tier;
import org.chatguard.rules.decide.Staffing;
import org.chatguard.rules.risk.ConversationAlerts.OpenAlert;

/**
 * Escalation on a clock: each open alert must be acknowledged by its tier within that tier's deadline
 * ({@link Staffing#ackDeadline}, counted in staffed hours, in event time: the time of the messages, so the
 * job and {@code classify --stateful} escalate at the same point of the same input). An alert nobody
 * acknowledged in time goes one tier up (same alert id, next sequence, reason {@link #UNACKNOWLEDGED}) and
 * the new tier's clock starts from the missed deadline. A SAFEGUARDING alert has nowhere higher to go: it is
 * shown as overdue. A rise in tier for any other reason (new evidence, a staff escalation) also starts a
 * new clock: the new tier has not acknowledged it yet.
 *
 * <p>Callers (the job's conversation-risk stage, {@link RiskEngine}) run {@link #start} after every change
 * to a conversation's alerts, {@link #stamp} on what they emit, keep one event-time timer at
 * {@link #nextDeadline} and call {@link #escalateOverdue} when it fires.
 */
public final class AlertClock {

    public static final String UNACKNOWLEDGED = "unacknowledged";

    private AlertClock() {
    }

    /** Starts the clock of every open alert whose current tier has none yet, at event time {@code eventMillis}. */
    public static void start(ConversationAlerts alerts, long eventMillis, Staffing staffing) {
        for (OpenAlert a : alerts.open) {
            if (a.clockTier != a.tier.ordinal()) {
                if (a.clockTier < 0) {
                    a.outsideHours = !staffing.hours().staffed(Instant.ofEpochMilli(eventMillis));
                }
                restart(a, eventMillis, staffing);
            }
        }
    }

    private static void restart(OpenAlert a, long fromMillis, Staffing staffing) {
        a.clockTier = a.tier.ordinal();
        a.acknowledged = false;
        a.ackDueMillis = staffing.ackDue(a.tier, Instant.ofEpochMilli(fromMillis)).toEpochMilli();
    }

    /** The alerts as emitted, with their open alert's deadline and out-of-hours mark. */
    public static List<StaffAlert> stamp(ConversationAlerts alerts, List<StaffAlert> emitted) {
        if (emitted.isEmpty()) {
            return emitted;
        }
        List<StaffAlert> out = new ArrayList<>(emitted.size());
        for (StaffAlert s : emitted) {
            OpenAlert a = alerts.findById(s.alertId());
            out.add(a == null ? s : s.withClock(a.ackDueMillis == 0 ? null : Instant.ofEpochMilli(a.ackDueMillis), a.outsideHours));
        }
        return out;
    }

    /** Event time of the earliest deadline that would escalate, or 0 when none is running. */
    public static long nextDeadline(ConversationAlerts alerts) {
        long next = 0;
        for (OpenAlert a : alerts.open) {
            if (escalates(a)) {
                next = next == 0 ? a.ackDueMillis : Math.min(next, a.ackDueMillis);
            }
        }
        return next;
    }

    private static boolean escalates(OpenAlert a) {
        return !a.acknowledged && a.ackDueMillis != 0 && a.tier != Tier.SAFEGUARDING;
    }

    /**
     * Escalates every alert whose deadline passed by event time {@code eventMillis} without an acknowledgement.
     * A concern a staff mute quiets is not escalated: muting it was its tier's answer, so it counts as
     * acknowledged.
     *
     * @param now processing time, stamped as the update time (offline: the input's own time)
     */
    public static List<StaffAlert> escalateOverdue(ConversationAlerts alerts, ConversationRisk risk, String conversationId,
                                                   long eventMillis, Instant now, Staffing staffing, RiskConfig cfg) {
        List<StaffAlert> out = new ArrayList<>(1);
        long nowMs = now.toEpochMilli();
        alerts.pruneMutes(nowMs, cfg);
        for (OpenAlert a : alerts.open) {
            if (!escalates(a) || a.ackDueMillis > eventMillis) {
                continue;
            }
            if (alerts.mutes(a.category, a.tier, nowMs)) {
                a.acknowledged = true;
                continue;
            }
            long due = a.ackDueMillis;
            a.tier = Tier.values()[a.tier.ordinal() + 1];
            ConversationAlerts.addBounded(a.reasons, UNACKNOWLEDGED, ConversationAlerts.MAX_REASONS);
            restart(a, due, staffing);
            out.add(ConversationScorer.emit(a, risk, conversationId, nowMs, cfg));
        }
        return stamp(alerts, out);
    }
}
