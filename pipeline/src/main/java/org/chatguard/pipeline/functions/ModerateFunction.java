package org.chatguard.pipeline.functions;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import org.chatguard.model.ChatMessage;
import org.chatguard.model.ShadowDiff;
import org.chatguard.pipeline.records.Moderated;
import org.chatguard.pipeline.records.RulePackUpdate;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.RulePack;
import org.chatguard.rules.RulePackException;
import org.chatguard.rules.Verdict;
import org.chatguard.rules.ml.LinearModel;
import org.chatguard.rules.ml.ModelDetector;
import org.chatguard.rules.ml.ModelPolicy;

/**
 * Moderation without keyed state, for {@code --no-stateful-scoring} (moderate, then decide per message): the
 * {@link Moderator} in a broadcast operator. With stateful scoring (the default) the same {@link Moderator} runs
 * inside {@link SenderRiskFunction}, after the one keyBy by sender. Owns the names both share: the rule-update
 * broadcast state {@link #RULE_PACK}, the {@link #SHADOW_DIFFS} output and the {@link EngineFactory}.
 */
public final class ModerateFunction extends BroadcastProcessFunction<ChatMessage, RulePackUpdate, Moderated> {

    private static final long serialVersionUID = 1L;

    /** {@link #ACTIVE}: the pack every task moderates with; {@link #CANDIDATE}: a shadow run's pack, while one runs. */
    public static final MapStateDescriptor<String, RulePackUpdate> RULE_PACK = new MapStateDescriptor<>(
            "rule-pack", Types.STRING, TypeInformation.of(RulePackUpdate.class));
    static final String ACTIVE = "active";
    /** The published model, when one has been (absent: the bundled model). */
    static final String MODEL = "model";
    /** The candidate pack of a shadow run, while one runs. */
    static final String CANDIDATE = "candidate";

    /** Where the shadow run's candidate would have decided differently (ids and rule ids, no text). */
    public static final OutputTag<ShadowDiff> SHADOW_DIFFS = new OutputTag<>("shadow-diffs") {
        private static final long serialVersionUID = 1L;
    };

    /** Builds the engine for a pack; the job's is {@link ModerationEngine#withDefaultModel} (rules + the bundled model), tests inject faults through it. */
    @FunctionalInterface
    public interface EngineFactory extends java.io.Serializable {
        ModerationEngine build(RulePack pack);

        /** With a published model ({@code null}: the bundled one); factories that do not take models ignore it. */
        default ModerationEngine build(RulePack pack, LinearModel model) {
            return build(pack);
        }

        /** The engine of the bundled Spanish pack beside the live one; the job's is rules only (the model reads English). */
        default ModerationEngine buildSpanish(RulePack pack) {
            return build(pack);
        }
    }

    /** The job's factory: the rules and the model (published, else bundled) under the site's policy. */
    static final class RulesAndModel implements EngineFactory {
        private static final long serialVersionUID = 1L;

        /** The site's policy holds for every model the job runs: the bundled one and each one published later. */
        private final ModelPolicy policy;

        RulesAndModel(ModelPolicy policy) {
            this.policy = java.util.Objects.requireNonNull(policy, "policy");
        }

        @Override
        public ModerationEngine build(RulePack pack) {
            return build(pack, null);
        }

        @Override
        public ModerationEngine build(RulePack pack, LinearModel model) {
            return ModerationEngine.withModel(pack, model == null ? ModelDetector.defaultModel() : model, policy);
        }

        @Override
        public ModerationEngine buildSpanish(RulePack pack) {
            return ModerationEngine.of(pack);
        }
    }

    private final Moderator moderator;

    /** Both null: start with the bundled default pack. */
    public ModerateFunction(String initialSource, String initialContent) {
        this(initialSource, initialContent, ModelPolicy.DEFAULT);
    }

    /** As above, the models (bundled and published) under the site's {@code policy} ({@code --model-policy}). */
    public ModerateFunction(String initialSource, String initialContent, ModelPolicy policy) {
        this(initialSource, initialContent, new RulesAndModel(policy));
    }

    /** Test hook: every engine this function builds (initial, broadcast, restored) comes from {@code engines}. */
    public ModerateFunction(String initialSource, String initialContent, EngineFactory engines) {
        this.moderator = new Moderator(initialSource, initialContent, engines);
    }

    @Override
    public void open(OpenContext openContext) throws RulePackException {
        moderator.open(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(ChatMessage m, ReadOnlyContext ctx, Collector<Moderated> out) throws Exception {
        moderator.restoreOnce(ctx.getBroadcastState(RULE_PACK));
        Verdict v = moderator.moderate(m, d -> ctx.output(SHADOW_DIFFS, d));
        out.collect(Moderated.of(m, v));
    }

    @Override
    public void processBroadcastElement(RulePackUpdate update, Context ctx, Collector<Moderated> out) throws Exception {
        moderator.apply(update, ctx.getBroadcastState(RULE_PACK));
    }
}
