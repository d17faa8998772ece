package org.chatguard.pipeline.functions;

import java.time.Instant;
import java.util.List;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.chatguard.model.Action;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.Decision;
import org.chatguard.model.StaffAlert;
import org.chatguard.pipeline.metrics.ModerationMetrics;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.RulePackException;
import org.chatguard.rules.RulePackLoader;
import org.chatguard.rules.Verdict;
import org.chatguard.rules.decide.Decider;

/**
 * Runs the rules engine on each message and emits its decision, plus a staff alert on a side output
 * when a rule asks for one.
 */
public final class ModerateFunction extends ProcessFunction<ChatMessage, Decision> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ModerateFunction.class);

    /** Shown when moderation itself failed: a child-safety filter fails closed. */
    public static final String FAILED_CLOSED_TEXT = "*blocked*";

    public static final OutputTag<StaffAlert> ALERTS = new OutputTag<>("staff-alerts") {
        private static final long serialVersionUID = 1L;
    };

    private final String rulePackSource;
    private final String rulePackContent;
    private transient ModerationEngine engine;
    private transient ModerationMetrics metrics;

    /** Both null: the bundled default pack. */
    public ModerateFunction(String rulePackSource, String rulePackContent) {
        this.rulePackSource = rulePackSource;
        this.rulePackContent = rulePackContent;
    }

    @Override
    public void open(OpenContext openContext) throws RulePackException {
        engine = rulePackContent == null
                ? ModerationEngine.defaultEngine()
                : ModerationEngine.of(RulePackLoader.parse(rulePackSource, rulePackContent));
        LOG.info("moderating with rule pack version {}", engine.rulePackVersion());
        metrics = new ModerationMetrics(getRuntimeContext().getMetricGroup());
        metrics.rulePackVersion(engine.rulePackVersion());
    }

    @Override
    public void processElement(ChatMessage m, Context ctx, Collector<Decision> out) {
        Instant now = Instant.now();
        Decider.Outcome outcome;
        try {
            Verdict v = engine.analyze(m.text());
            outcome = Decider.decide(m, v, now);
        } catch (RuntimeException e) {
            metrics.engineError();
            // Only the type and message id: the exception message could quote the text.
            LOG.error("rules engine failed on message {} ({}); blocking it", m.id(), e.getClass().getName());
            outcome = new Decider.Outcome(new Decision(m.id(), m.kind(), m.conversationId(), m.senderId(),
                    Action.BLOCK, FAILED_CLOSED_TEXT, List.of(), List.of(), List.of("engine-error"),
                    engine.rulePackVersion(), m.sentAt(), now), null);
        }
        metrics.decision(outcome.decision());
        out.collect(outcome.decision());
        if (outcome.alert() != null) {
            metrics.alert(outcome.alert());
            ctx.output(ALERTS, outcome.alert());
        }
    }
}
