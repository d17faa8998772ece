package org.chatguard.pipeline.functions;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import org.chatguard.model.StaffAction;
import org.chatguard.pipeline.metrics.ChatGuardMetrics;
import org.chatguard.pipeline.records.Assessed;
import org.chatguard.pipeline.records.Moderated;
import org.chatguard.rules.risk.ConversationScorer;
import org.chatguard.rules.risk.RiskConfig;
import org.chatguard.rules.risk.TrustConfig;
import org.chatguard.rules.risk.UserRisk;
import org.chatguard.rules.risk.UserScorer;

/**
 * Per-user stage, keyed by user id: messages keyed by sender and block/unblock actions keyed by the
 * blocked user meet here, so a block applies to the user's next message in every conversation and
 * content kind without broadcasting a block list. Passes each message on with the sender's signal, its verdict
 * adjusted for the sender's trust ({@link org.chatguard.rules.risk.Trust}); resolved alerts and denied held
 * messages that name their author arrive here too and lower that user's trust.
 */
public final class UserRiskFunction extends KeyedCoProcessFunction<String, Moderated, StaffAction, Assessed> {

    private static final long serialVersionUID = 1L;

    private final RiskConfig cfg;
    private final TrustConfig trust;
    private transient ValueState<byte[]> state;
    private transient Counter blockedMessages;
    private transient Counter actionsApplied;

    public UserRiskFunction(RiskConfig cfg) {
        this(cfg, TrustConfig.defaults());
    }

    public UserRiskFunction(RiskConfig cfg, TrustConfig trust) {
        this.cfg = cfg;
        this.trust = trust;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(RiskState.bytes("user-risk", cfg.chatStateTtl()));
        var metrics = getRuntimeContext().getMetricGroup().addGroup(ChatGuardMetrics.GROUP);
        blockedMessages = metrics.counter("blockedUserMessages");
        actionsApplied = metrics.counter("userActionsApplied");
    }

    @Override
    public void processElement1(Moderated m, Context ctx, Collector<Assessed> out) throws Exception {
        UserRisk u = UserRisk.decode(state.value());
        UserScorer.Result r = UserScorer.onMessage(u, m.message(), m.verdict(), cfg, trust);
        if (r.changed()) {
            write(u, ConversationScorer.eventMillis(m.message()));
        }
        if (r.signal().blocked()) {
            blockedMessages.inc();
        }
        out.collect(new Assessed(m.message(), r.verdict(), r.signal()));
    }

    @Override
    public void processElement2(StaffAction a, Context ctx, Collector<Assessed> out) throws Exception {
        UserRisk u = UserRisk.decode(state.value());
        if (UserScorer.apply(u, a)) {
            actionsApplied.inc();
            write(u, a.at() == null ? ctx.timerService().currentProcessingTime() : a.at().toEpochMilli());
        }
    }

    private void write(UserRisk u, long t) throws Exception {
        if (u.isEmpty(t, cfg)) {
            state.clear();
        } else {
            state.update(u.encode());
        }
    }
}
