package org.chatguard.pipeline.functions;

import java.time.Instant;
import java.util.List;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import org.chatguard.model.Decision;
import org.chatguard.model.StaffAction;
import org.chatguard.model.StaffAlert;
import org.chatguard.pipeline.metrics.ChatGuardMetrics;
import org.chatguard.pipeline.metrics.DecisionMetrics;
import org.chatguard.pipeline.records.Assessed;
import org.chatguard.rules.decide.Staffing;
import org.chatguard.rules.decide.SupportPolicy;
import org.chatguard.rules.risk.AlertClock;
import org.chatguard.rules.risk.ConversationAlerts;
import org.chatguard.rules.risk.ConversationRisk;
import org.chatguard.rules.risk.ConversationScorer;
import org.chatguard.rules.risk.ConversationSignals;
import org.chatguard.rules.risk.PileOn;
import org.chatguard.rules.risk.RiskConfig;

/**
 * Per-conversation stage, keyed by conversation id: the final decision for every message and the staff
 * alerts, from the conversation's accumulated risk; conversation and alert actions from staff arrive
 * on the second input under the same key. The logic is {@link ConversationScorer}; this class only moves
 * state in and out of Flink and manages the flush timer of coalesced alert updates.
 *
 * <p>Two values per conversation: {@code risk} (read on every message, written only when a message
 * matched something; TTL {@link RiskConfig#riskTtl()}) and {@code alerts} (touched only when there is
 * something for staff; TTL {@link RiskConfig#chatStateTtl()}).
 *
 * <p>Two kinds of timer, at most one of each per conversation: a processing-time timer that flushes
 * coalesced alert updates, and an event-time timer at the earliest acknowledgement deadline
 * ({@link AlertClock}): when the watermark passes it, an alert its tier has not acknowledged goes one tier
 * up. Both are deleted as soon as nothing needs them.
 *
 * <p>Pile-ons ({@link PileOn}): a map state keyed by target holds, per person aimed at in the conversation, the
 * latest hit of each sender within the pile-on window; only messages that count as hits touch it. Each hit
 * registers an event-time timer at the end of its window, which drops what has expired, so a quiet target
 * leaves no entry behind. Kept per target, not as one value for the whole room, so a busy room reads and
 * writes only the entries of the people its messages are aimed at.
 */
public final class ConversationRiskFunction extends KeyedCoProcessFunction<String, Assessed, StaffAction, Decision> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<StaffAlert> ALERTS = new OutputTag<>("staff-alerts") {
        private static final long serialVersionUID = 1L;
    };

    private final RiskConfig cfg;
    private final Staffing staffing;
    private final PileOn.Config pileOn;
    /** Run the registered conversation-level signals ({@link ConversationSignals#defaults()}), as {@code classify --stateful} does. */
    private final boolean runSignals;
    private transient ConversationSignals signals;
    private transient ValueState<byte[]> signalState;
    private transient ValueState<byte[]> riskState;
    private transient MapState<String, byte[]> pileOnState;
    private transient ValueState<byte[]> alertState;
    private transient DecisionMetrics decisionMetrics;
    private transient Counter contextBlocks;
    private transient Counter lateMessages;
    private transient Counter concernsMuted;
    private transient Counter actionsApplied;
    private transient Counter unacknowledged;

    public ConversationRiskFunction(RiskConfig cfg) {
        this(cfg, Staffing.defaults());
    }

    public ConversationRiskFunction(RiskConfig cfg, Staffing staffing) {
        this(cfg, staffing, PileOn.Config.defaults());
    }

    public ConversationRiskFunction(RiskConfig cfg, Staffing staffing, PileOn.Config pileOn) {
        this(cfg, staffing, pileOn, true);
    }

    /** @param runSignals the conversation-level signals on (the default) or off ({@code --no-conversation-signals}) */
    public ConversationRiskFunction(RiskConfig cfg, Staffing staffing, PileOn.Config pileOn, boolean runSignals) {
        this.cfg = cfg;
        this.staffing = staffing;
        this.pileOn = pileOn;
        this.runSignals = runSignals;
    }

    @Override
    public void open(OpenContext openContext) {
        signals = runSignals ? ConversationSignals.defaults() : ConversationSignals.none();
        signalState = getRuntimeContext().getState(RiskState.bytes("conversation-signals", cfg.riskTtl()));
        riskState = getRuntimeContext().getState(RiskState.bytes("conversation-risk", cfg.riskTtl()));
        alertState = getRuntimeContext().getState(RiskState.bytes("conversation-alerts", cfg.chatStateTtl()));
        // the timers clear it; the TTL is only a backstop
        pileOnState = getRuntimeContext().getMapState(RiskState.map("pile-on", pileOn.window().plus(java.time.Duration.ofDays(1))));
        pileOnTargets = targets(pileOnState);
        var metrics = getRuntimeContext().getMetricGroup();
        decisionMetrics = new DecisionMetrics(metrics);
        contextBlocks = metrics.counter("contextBlocks");
        lateMessages = metrics.addGroup(ChatGuardMetrics.GROUP).counter(ChatGuardMetrics.LATE_EVENTS);
        concernsMuted = metrics.counter("concernsMuted");
        actionsApplied = metrics.counter("conversationActionsApplied");
        unacknowledged = metrics.counter("alertsEscalatedUnacknowledged");
    }

    @Override
    public void processElement1(Assessed a, Context ctx, Collector<Decision> out) throws Exception {
        // Late messages are moderated like any other (a child's message is never dropped), only counted.
        Long ts = ctx.timestamp();
        if (ts != null && ts < ctx.timerService().currentWatermark()) {
            lateMessages.inc();
        }
        Instant now = Instant.ofEpochMilli(ctx.timerService().currentProcessingTime());
        ConversationRisk risk = ConversationRisk.decode(riskState.value());
        ConversationScorer.Assessment as = ConversationScorer.assess(risk, a.message(), a.verdict(), a.sender(), now, cfg);
        if (as.riskChanged()) {
            riskState.update(risk.encode());
        }
        Decision d = SupportPolicy.attach(as.decision(), staffing).withChannel(a.message().channel());
        decisionMetrics.decision(d);
        if (d.action() != a.verdict().action()) {
            contextBlocks.inc();
        }
        out.collect(d);
        List<ConversationScorer.Concern> concerns = as.concerns();
        if (!signals.isEmpty()) {
            // the same order as RiskEngine.process: the scorer's concerns, then the signals', then pile-ons
            ConversationSignals.Outcome so = signals.onMessage(signalState.value(), a.message(), a.verdict());
            if (so.state() == null) {
                signalState.clear();
            } else {
                signalState.update(so.state());
            }
            concerns = ConversationSignals.withConcerns(concerns, so);
        }
        PileOn.Outcome piled = PileOn.onMessage(pileOnTargets, a.message(), a.verdict(), risk, concerns, pileOn);
        // one clean-up timer per target with hits: the hit's window end replaces the one before
        for (long t : piled.replacedExpiries()) {
            ctx.timerService().deleteEventTimeTimer(t);
        }
        if (piled.expiresAtMillis() != 0) {
            ctx.timerService().registerEventTimeTimer(piled.expiresAtMillis());
        }
        if (!piled.concerns().isEmpty()) {
            ConversationAlerts alerts = ConversationAlerts.decode(alertState.value());
            for (ConversationScorer.Concern c : piled.concerns()) {
                if (alerts.mutes(c.category(), c.tier(), now.toEpochMilli())) {
                    concernsMuted.inc();
                }
            }
            List<StaffAlert> raised = ConversationScorer.raise(alerts, risk, piled.concerns(), a.message(),
                    a.verdict().rulePackVersion(), a.verdict().modelVersion(), now, cfg);
            raised = PileOn.withEvidence(raised, piled.evidence(), cfg.maxEvidence());
            AlertClock.start(alerts, ConversationScorer.eventMillis(a.message()), staffing);
            emit(ctx, AlertClock.stamp(alerts, raised));
            save(alerts, ctx.timerService());
        }
    }

    @Override
    public void processElement2(StaffAction action, Context ctx, Collector<Decision> out) throws Exception {
        Instant now = Instant.ofEpochMilli(ctx.timerService().currentProcessingTime());
        ConversationRisk risk = ConversationRisk.decode(riskState.value());
        ConversationAlerts alerts = ConversationAlerts.decode(alertState.value());
        ConversationScorer.ActionResult r = ConversationScorer.apply(alerts, risk, action, now, cfg);
        actionsApplied.inc();
        if (r.riskChanged()) {
            riskState.update(risk.encode());
        }
        if (PileOn.reopens(r)) {
            reopenPileOns();
        }
        // a staff escalation starts the new tier's clock from when staff acted (its event time)
        AlertClock.start(alerts, action.at() != null ? action.at().toEpochMilli() : now.toEpochMilli(), staffing);
        emit(ctx, AlertClock.stamp(alerts, r.alerts()));
        save(alerts, ctx.timerService());
    }

    /** Staff resolved the bullying alert: a pile-on that goes on is raised again (PileOn#reopen). */
    private void reopenPileOns() throws Exception {
        java.util.Map<String, byte[]> changed = new java.util.HashMap<>();
        for (java.util.Map.Entry<String, byte[]> e : pileOnState.entries()) {
            byte[] reopened = PileOn.reopen(e.getValue());
            if (reopened != e.getValue()) {
                changed.put(e.getKey(), reopened);
            }
        }
        pileOnState.putAll(changed);
    }

    private transient PileOn.Targets pileOnTargets;

    private static PileOn.Targets targets(MapState<String, byte[]> pileOnState) {
        return new PileOn.Targets() {
        @Override
        public byte[] get(String target) throws Exception {
            return pileOnState.get(target);
        }

        @Override
        public void put(String target, byte[] state) throws Exception {
            if (state == null) {
                pileOnState.remove(target);
            } else {
                pileOnState.put(target, state);
            }
        }
        };
    }

    /**
     * Drops the pile-on hits that have left their window by event time {@code t}, and targets left with none; a
     * target still live keeps a timer at its own expiry (its timer may have been one another target replaced).
     */
    private void sweepPileOns(long t, TimerService timers) throws Exception {
        java.util.Iterator<java.util.Map.Entry<String, byte[]>> it = pileOnState.iterator();
        while (it.hasNext()) {
            java.util.Map.Entry<String, byte[]> e = it.next();
            byte[] kept = PileOn.sweep(e.getValue(), t, pileOn);
            if (kept == null) {
                it.remove();
                continue;
            }
            if (kept != e.getValue()) {
                e.setValue(kept);
            }
            long due = PileOn.State.decode(kept).expiresAtMillis(pileOn);
            if (due > t && timers.currentWatermark() < Long.MAX_VALUE) {
                timers.registerEventTimeTimer(due);
            }
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Decision> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            sweepPileOns(timestamp, ctx.timerService());
        }
        byte[] bytes = alertState.value();
        if (bytes == null) {
            return;
        }
        ConversationAlerts alerts = ConversationAlerts.decode(bytes);
        ConversationRisk risk = ConversationRisk.decode(riskState.value());
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            if (alerts.deadlineTimerMillis() == 0 || timestamp < alerts.deadlineTimerMillis()) {
                return; // a pile-on clean-up timer, not the acknowledgement deadline
            }
            // an acknowledgement deadline passed in event time
            alerts.deadlineTimerMillis(0);
            if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
                // the end of a bounded input is not time passing: nobody missed a deadline (as classify ends a file);
                // the deadline is not registered again (a timer at or before MAX_VALUE would fire again at once, forever)
                alerts.deadlineTimerMillis(AlertClock.nextDeadline(alerts));
                save(alerts, ctx.timerService());
                return;
            }
            Instant now = Instant.ofEpochMilli(ctx.timerService().currentProcessingTime());
            List<StaffAlert> up = AlertClock.escalateOverdue(alerts, risk, ctx.getCurrentKey(), timestamp, now, staffing, cfg);
            unacknowledged.inc(up.size());
            emit(ctx, up);
        } else {
            alerts.timerAtMillis(0);
            Instant now = Instant.ofEpochMilli(Math.max(timestamp, ctx.timerService().currentProcessingTime()));
            emit(ctx, AlertClock.stamp(alerts, ConversationScorer.flush(alerts, risk, ctx.getCurrentKey(), now, cfg)));
        }
        save(alerts, ctx.timerService());
    }

    private void emit(Context ctx, List<StaffAlert> alerts) {
        for (StaffAlert s : alerts) {
            decisionMetrics.alert(s);
            ctx.output(ALERTS, s);
        }
    }

    private void emit(OnTimerContext ctx, List<StaffAlert> alerts) {
        for (StaffAlert s : alerts) {
            decisionMetrics.alert(s);
            ctx.output(ALERTS, s);
        }
    }

    /**
     * Keeps exactly one flush timer when updates are held back and none otherwise, and one event-time timer at
     * the earliest running acknowledgement deadline and none otherwise, then writes or clears.
     */
    private void save(ConversationAlerts alerts, TimerService timers) throws Exception {
        long deadline = AlertClock.nextDeadline(alerts);
        if (deadline != alerts.deadlineTimerMillis()) {
            if (alerts.deadlineTimerMillis() != 0) {
                timers.deleteEventTimeTimer(alerts.deadlineTimerMillis());
            }
            if (deadline != 0) {
                timers.registerEventTimeTimer(deadline);
            }
            alerts.deadlineTimerMillis(deadline);
        }
        long due = alerts.flushDueMillis(cfg);
        if (due != alerts.timerAtMillis()) {
            if (alerts.timerAtMillis() != 0) {
                timers.deleteProcessingTimeTimer(alerts.timerAtMillis());
            }
            if (due != 0) {
                timers.registerProcessingTimeTimer(due);
            }
            alerts.timerAtMillis(due);
        }
        if (alerts.isEmpty()) {
            alertState.clear();
        } else {
            alertState.update(alerts.encode());
        }
    }
}
