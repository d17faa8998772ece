package org.chatguard.pipeline.functions;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.chatguard.model.ChatMessage;
import org.chatguard.model.ShadowDiff;
import org.chatguard.pipeline.metrics.ModerationMetrics;
import org.chatguard.pipeline.metrics.ShadowMetrics;
import org.chatguard.pipeline.records.Moderated;
import org.chatguard.pipeline.records.RulePackUpdate;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.RulePack;
import org.chatguard.rules.RulePackException;
import org.chatguard.rules.RulePackLoader;
import org.chatguard.rules.Verdict;
import org.chatguard.rules.lang.LanguageRouter;
import org.chatguard.rules.ml.LinearModel;
import org.chatguard.rules.ml.ModelFile;
import org.chatguard.rules.ml.ModelFileException;
import org.chatguard.rules.ml.ModelPolicy;

/**
 * Runs the rules engine on each message: the English pack on every message and the bundled Spanish pack too
 * on Spanish or mixed ones ({@link LanguageRouter}). Rule packs arrive as broadcast elements and replace the
 * English (live) engine without a restart; the active pack lives in broadcast state, so it survives failures and
 * savepoints, and a restored task rebuilds its engine from it before the first message.
 *
 * <p>Shadow mode: a candidate pack (broadcast as {@link RulePackUpdate#shadow}, version prefix {@code shadow:}) runs beside the live one on
 * the same messages without acting; where it would decide differently a {@link ShadowDiff} goes to
 * {@link #SHADOW_DIFFS}, and its per-rule hits are counted ({@link ShadowMetrics}).
 */
public final class ModerateFunction extends BroadcastProcessFunction<ChatMessage, RulePackUpdate, Moderated> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ModerateFunction.class);

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

        @Override
        public ModerationEngine buildSpanish(RulePack pack) {
            return ModerationEngine.of(pack);
        }
    }

    private final String initialSource;
    private final String initialContent;
    private final EngineFactory engines;
    /** The live pack (English, rules + model) with the Spanish pack beside it. */
    private transient LanguageRouter engine;
    private transient RulePack pack;
    private transient LinearModel model;
    private transient boolean restoredChecked;
    private transient ModerationMetrics metrics;
    private transient Counter packsApplied;
    /** The candidate pack beside the live one, or {@code null}. */
    private transient ShadowRun shadow;
    private transient ShadowMetrics shadowMetrics;

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
        engine = new LanguageRouter(engines.build(pack, null), engines.buildSpanish(LanguageRouter.defaultSpanishPack()));
        metrics = new ModerationMetrics(getRuntimeContext().getMetricGroup());
        metrics.rulePackVersion(engine.rulePackVersion());
        packsApplied = getRuntimeContext().getMetricGroup().counter("rulePacksApplied");
        shadowMetrics = new ShadowMetrics(getRuntimeContext().getMetricGroup());
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
        if (shadow != null) {
            ShadowDiff d = shadow.compare(m, v);
            if (d != null) {
                ctx.output(SHADOW_DIFFS, d);
            }
        }
        out.collect(Moderated.of(m, v));
    }

    @Override
    public void processBroadcastElement(RulePackUpdate update, Context ctx, Collector<Moderated> out) throws Exception {
        restoreOnce(ctx.getBroadcastState(RULE_PACK));
        if (update.isModel()) {
            applyModel(update, ctx);
            return;
        }
        if (update.dropShadow()) {
            ctx.getBroadcastState(RULE_PACK).remove(CANDIDATE);
            if (shadow != null) {
                LOG.info("shadow run of rule pack {} ended", shadow.version());
            }
            shadow = null;
            shadowMetrics.candidate(null);
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
        if (update.shadow()) {
            ctx.getBroadcastState(RULE_PACK).put(CANDIDATE, update);
            startShadow(next);
            LOG.info("rule pack {} now runs in shadow beside {}", update.version(), engine.rulePackVersion());
            return;
        }
        ctx.getBroadcastState(RULE_PACK).put(ACTIVE, update);
        engine = engine.withEnglishEngine(next);
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
            LOG.error("model {} from {} failed to load here; keeping {}", update.version(), update.source(),
                    engine.english().modelVersion());
            return;
        }
        ModerationEngine e = engines.build(pack, next);
        ModerationEngine candidate = shadow == null ? null : shadowCandidate(ctx.getBroadcastState(RULE_PACK).get(CANDIDATE), next);
        ctx.getBroadcastState(RULE_PACK).put(MODEL, update);
        model = next;
        engine = engine.withEnglishEngine(e);
        if (candidate != null) {
            // the candidate runs with the live model too, so that the diffs are the packs' alone
            startShadow(candidate);
        }
        LOG.info("now moderating with model {}", next.version());
    }

    private ModerationEngine shadowCandidate(RulePackUpdate candidate, LinearModel m) throws RulePackException {
        return candidate == null ? null : engines.build(RulePackLoader.parse(candidate.source(), candidate.content()), m);
    }

    /**
     * After a restore the broadcast state holds the packs that were live and in shadow and the model that was
     * published; the constructor's pack and the bundled model are only the starting point of a fresh job.
     * Checked once, before the first element of either input.
     */
    private void restoreOnce(org.apache.flink.api.common.state.ReadOnlyBroadcastState<String, RulePackUpdate> state)
            throws Exception {
        if (restoredChecked) {
            return;
        }
        restoredChecked = true;
        RulePackUpdate active = state.get(ACTIVE);
        RulePackUpdate published = state.get(MODEL);
        boolean packChanged = active != null && !active.version().equals(engine.rulePackVersion());
        boolean modelChanged = published != null
                && !published.version().equals(RulePackUpdate.MODEL_PREFIX + engine.english().modelVersion());
        if (packChanged) {
            pack = RulePackLoader.parse(active.source(), active.content());
        }
        if (modelChanged) {
            model = ModelFile.read(published.modelBytes(), published.source());
        }
        if (packChanged || modelChanged) {
            engine = engine.withEnglishEngine(engines.build(pack, model));
            metrics.rulePackVersion(engine.rulePackVersion());
            if (packChanged) {
                LOG.info("restored rule pack {}", active.version());
            }
            if (modelChanged) {
                LOG.info("restored model {}", model.version());
            }
        }
        RulePackUpdate candidate = state.get(CANDIDATE);
        if (candidate != null) {
            startShadow(shadowCandidate(candidate, model));
            LOG.info("restored shadow run of rule pack {}", candidate.version());
        }
    }

    private void startShadow(ModerationEngine candidate) {
        shadow = new ShadowRun(new LanguageRouter(candidate, engine.spanish()), shadowMetrics);
        shadowMetrics.candidate(shadow.version());
    }
}
