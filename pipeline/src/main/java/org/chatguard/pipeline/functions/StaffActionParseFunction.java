package org.chatguard.pipeline.functions;

import java.io.IOException;
import java.time.Instant;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import org.chatguard.connectors.json.EventJson;
import org.chatguard.connectors.kafka.DeadLetters;
import org.chatguard.connectors.kafka.RawRecord;
import org.chatguard.model.StaffAction;
import org.chatguard.rules.risk.UserScorer;

/**
 * Parses staff actions from the {@code staff-actions} topic and splits them by what they are keyed on:
 * user actions (block/unblock, keyed by user) on the main output, conversation and alert actions (keyed
 * by conversation) on {@link #CONVERSATION_ACTIONS}. An unusable action becomes a dead letter: staff
 * tooling must hear that its action was not applied, and the job must not stop for it.
 */
public final class StaffActionParseFunction extends ProcessFunction<RawRecord, StaffAction> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<StaffAction> CONVERSATION_ACTIONS = new OutputTag<>("conversation-actions") {
        private static final long serialVersionUID = 1L;
    };

    private transient Counter accepted;
    private transient Counter rejected;

    @Override
    public void open(OpenContext openContext) {
        accepted = getRuntimeContext().getMetricGroup().counter("staffActionsAccepted");
        rejected = getRuntimeContext().getMetricGroup().counter("staffActionsRejected");
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<StaffAction> out) {
        String reason;
        StaffAction a = null;
        try {
            a = raw.value() == null ? null : EventJson.staffAction(raw.value());
            reason = validate(a);
        } catch (IOException | RuntimeException e) {
            // the parser's message may quote the record (and staff notes): keep only the type
            reason = "staff action: malformed (" + e.getClass().getSimpleName() + ")";
        }
        if (reason != null) {
            rejected.inc();
            ctx.output(ParseFunction.DEAD_LETTERS, DeadLetters.of(raw, reason, Instant.now()));
            return;
        }
        accepted.inc();
        if (UserScorer.isUserAction(a)) {
            out.collect(a);
        } else {
            ctx.output(CONVERSATION_ACTIONS, a);
            if (UserScorer.confirmsViolation(a)) {
                out.collect(a); // also to the user stage: the named author's trust drops
            }
        }
    }

    static String validate(StaffAction a) {
        if (a == null) {
            return "staff action: empty record";
        }
        if (a.type() == null) {
            return "staff action: field 'type' is required";
        }
        if (UserScorer.isUserAction(a)) {
            return blank(a.userId()) ? "staff action: field 'userId' is required for " + a.type() : null;
        }
        if (blank(a.conversationId())) {
            return "staff action: field 'conversationId' is required for " + a.type();
        }
        boolean alertAction = switch (a.type()) {
            case ACKNOWLEDGE_ALERT, ESCALATE_ALERT, RESOLVE_ALERT, DISMISS_ALERT -> true;
            default -> false;
        };
        if (alertAction && blank(a.alertId()) && a.category() == null) {
            return "staff action: field 'alertId' or 'category' is required for " + a.type();
        }
        return null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
