package org.chatguard.pipeline.functions;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.chatguard.model.ChatMessage;
import org.chatguard.pipeline.metrics.ModerationMetrics;
import org.chatguard.pipeline.records.Moderated;
import org.chatguard.pipeline.records.RulePackUpdate;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.RulePack;
import org.chatguard.rules.RulePackException;
import org.chatguard.rules.RulePackLoader;
import org.chatguard.rules.Verdict;
import org.chatguard.rules.ml.LinearModel;
import org.chatguard.rules.ml.ModelFile;
import org.chatguard.rules.ml.ModelFileException;
import org.chatguard.rules.ml.ModelPolicy;

/**
 * Runs the rules engine on each message. Rule packs arrive as broadcast elements and replace the
 * engine without a restart; the active pack lives in broadcast state, so it survives failures and
 * savepoints, and a restored task rebuilds its engine from it before the first message.
 */
public final class ModerateFunction extends BroadcastProcessFunction<ChatMessage, RulePackUpdate, Moderated> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ModerateFunction.class);

    /** One entry, {@link #ACTIVE}: the pack every task moderates with. */
    public static final MapStateDescriptor<String, RulePackUpdate> RULE_PACK = new MapStateDescriptor<>(
            "rule-pack", Types.STRING, TypeInformation.of(RulePackUpdate.class));
    static final String ACTIVE = "active";
    /** The published model, when one has been (absent: the bundled model). */
    static final String MODEL = "model";

    /** Builds the engine for a pack; the job's is {@link ModerationEngine#withDefaultModel} (rules + the bundled model), tests inject faults through it. */
    @FunctionalInterface
    public interface EngineFactory extends java.io.Serializable {
        ModerationEngine build(RulePack pack);

        /** With a published model ({@code null}: the bundled one); factories that do not take models ignore it. */
        default ModerationEngine build(RulePack pack, LinearModel model) {
            return build(pack);
        }
    }

    /** The job's factory: the rules and the model (published, else bundled) under the default policy. */
    static final class RulesAndModel implements EngineFactory {
        private static final long serialVersionUID = 1L;

        @Override
        public ModerationEngine build(RulePack pack) {
            return ModerationEngine.withDefaultModel(pack);
        }

        @Override
        public ModerationEngine build(RulePack pack, LinearModel model) {
            return model == null ? build(pack) : ModerationEngine.withModel(pack, model, ModelPolicy.DEFAULT);
        }
    }

    private final String initialSource;
    private final String initialContent;
    private final EngineFactory engines;
    private transient ModerationEngine engine;
    private transient RulePack pack;
    private transient LinearModel model;
    private transient boolean restoredChecked;
    private transient ModerationMetrics metrics;
    private transient Counter packsApplied;

    /** Both null: start with the bundled default pack. */
    public ModerateFunction(String initialSource, String initialContent) {
        this(initialSource, initialContent, new RulesAndModel());
    }

    /** Test hook: every engine this function builds (initial, broadcast, restored) comes from {@code engines}. */
    public ModerateFunction(String initialSource, String initialContent, EngineFactory engines) {
        this.initialSource = initialSource;
        this.initialContent = initialContent;
        this.engines = engines;
    }

    @Override
    public void open(OpenContext openContext) throws RulePackException {
        pack = initialContent == null ? RulePackLoader.defaultPack() : RulePackLoader.parse(initialSource, initialContent);
        engine = engines.build(pack, null);
        metrics = new ModerationMetrics(getRuntimeContext().getMetricGroup());
        metrics.rulePackVersion(engine.rulePackVersion());
        packsApplied = getRuntimeContext().getMetricGroup().counter("rulePacksApplied");
    }

    @Override
    public void processElement(ChatMessage m, ReadOnlyContext ctx, Collector<Moderated> out) throws Exception {
        restoreOnce(ctx.getBroadcastState(RULE_PACK));
        // A fault fails closed inside the engine (Verdict.engineError: held, moderator alerted); here it is
        // counted and logged once, with the message id and the exception type only: its message could quote
        // the text. The job goes on: one message must never restart it.
        Verdict v = engine.analyze(m.text(), e -> {
            metrics.engineError();
            LOG.error("rules engine failed on message {} ({}); held for staff", m.id(), e.getClass().getName());
        });
        metrics.ruleHits(v.matches());
        out.collect(Moderated.of(m, v));
    }

    /**
     * After a restore the broadcast state holds the pack (and model) that were active; the constructor's
     * pack and the bundled model are only the starting point of a fresh job.
     */
    private void restoreOnce(org.apache.flink.api.common.state.ReadOnlyBroadcastState<String, RulePackUpdate> state)
            throws Exception {
        if (restoredChecked) {
            return;
        }
        restoredChecked = true;
        RulePackUpdate active = state.get(ACTIVE);
        if (active != null && !active.version().equals(engine.rulePackVersion())) {
            swap(active);
        }
        RulePackUpdate published = state.get(MODEL);
        if (published != null && !published.version().equals(RulePackUpdate.MODEL_PREFIX + engine.modelVersion())) {
            model = ModelFile.read(published.modelBytes(), published.source());
            engine = engines.build(pack, model);
            LOG.info("restored model {}", model.version());
        }
    }

    @Override
    public void processBroadcastElement(RulePackUpdate update, Context ctx, Collector<Moderated> out) throws Exception {
        restoreOnce(ctx.getBroadcastState(RULE_PACK));
        if (update.isModel()) {
            applyModel(update, ctx);
            return;
        }
        // Compile before touching state: if this task cannot build it, keep the current pack everywhere.
        ModerationEngine next;
        RulePack nextPack;
        try {
            nextPack = RulePackLoader.parse(update.source(), update.content());
            next = engines.build(nextPack, model);
        } catch (RulePackException e) {
            LOG.error("rule pack {} from {} failed to compile here; keeping {}", update.version(), update.source(),
                    engine.rulePackVersion());
            return;
        }
        ctx.getBroadcastState(RULE_PACK).put(ACTIVE, update);
        engine = next;
        pack = nextPack;
        packsApplied.inc();
        metrics.rulePackVersion(engine.rulePackVersion());
        LOG.info("now moderating with rule pack {}", update.version());
    }

    /** A published model: loaded whole here too (validated once more), else the current model stays. */
    private void applyModel(RulePackUpdate update, Context ctx) throws Exception {
        LinearModel next;
        try {
            next = ModelFile.read(update.modelBytes(), update.source());
        } catch (ModelFileException | IllegalArgumentException e) {
            LOG.error("model {} from {} failed to load here; keeping {}", update.version(), update.source(), engine.modelVersion());
            return;
        }
        ModerationEngine e = engines.build(pack, next);
        ctx.getBroadcastState(RULE_PACK).put(MODEL, update);
        model = next;
        engine = e;
        LOG.info("now moderating with model {}", next.version());
    }

    private void swap(RulePackUpdate update) throws Exception {
        pack = RulePackLoader.parse(update.source(), update.content());
        engine = engines.build(pack, model);
        metrics.rulePackVersion(engine.rulePackVersion());
        LOG.info("restored rule pack {}", update.version());
    }
}
