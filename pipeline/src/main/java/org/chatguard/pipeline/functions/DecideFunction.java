package org.chatguard.pipeline.functions;

import java.time.Instant;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import org.chatguard.model.Decision;
import org.chatguard.model.StaffAlert;
import org.chatguard.pipeline.metrics.DecisionMetrics;
import org.chatguard.pipeline.records.Moderated;
import org.chatguard.rules.decide.Decider;
import org.chatguard.rules.decide.Staffing;

/**
 * Per-message decision and alert from a verdict, with no memory of the conversation. The job runs the
 * stateful conversation-risk stage instead when scoring is enabled; this one remains for stateless
 * deployments and as the baseline the stateful stage is compared against.
 */
public final class DecideFunction extends ProcessFunction<Moderated, Decision> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<StaffAlert> ALERTS = new OutputTag<>("staff-alerts") {
        private static final long serialVersionUID = 1L;
    };

    private final Staffing staffing;
    private transient DecisionMetrics metrics;

    public DecideFunction() {
        this(Staffing.defaults());
    }

    /** @param staffing the support shown to a child asking for help, with the site's staffed hours */
    public DecideFunction(Staffing staffing) {
        this.staffing = staffing;
    }

    @Override
    public void open(OpenContext openContext) {
        metrics = new DecisionMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(Moderated m, Context ctx, Collector<Decision> out) {
        Decider.Outcome o = Decider.decide(m.message(), m.verdict(), Instant.now(), staffing);
        metrics.decision(o.decision());
        out.collect(o.decision());
        if (o.alert() != null) {
            metrics.alert(o.alert());
            ctx.output(ALERTS, o.alert());
        }
    }
}
