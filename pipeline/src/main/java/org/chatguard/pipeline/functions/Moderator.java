package org.chatguard.pipeline.functions;

import java.io.Serializable;
import java.util.function.Consumer;

import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.chatguard.model.ChatMessage;
import org.chatguard.model.ShadowDiff;
import org.chatguard.pipeline.metrics.ModerationMetrics;
import org.chatguard.pipeline.metrics.ShadowMetrics;
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

/**
 * The moderation of one task, shared by the two operators that run it: {@link SenderRiskFunction} (stateful
 * scoring, keyed by sender) and {@link ModerateFunction} (stateless). It runs the rules engine on each message,
 * the English pack on every message and the bundled Spanish pack too on Spanish or mixed ones
 * ({@link LanguageRouter}), and follows the broadcast rule updates: a live pack or a published model replaces the
 * English engine without a restart, a shadow candidate runs beside it. The active pack, model and candidate live in
 * broadcast state ({@link ModerateFunction#RULE_PACK}), so they survive failures and savepoints, and a restored task
 * rebuilds its engine from them before the first element.
 *
 * <p>Shadow mode: a candidate pack ({@link RulePackUpdate#shadow}, version prefix {@code shadow:}) runs on the
 * same messages without acting; where it would decide differently a {@link ShadowDiff} is handed to the caller,
 * and its per-rule hits are counted ({@link ShadowMetrics}).
 */
final class Moderator implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(Moderator.class);

    private final String initialSource;
    private final String initialContent;
    private final ModerateFunction.EngineFactory engines;
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

    Moderator(String initialSource, String initialContent, ModerateFunction.EngineFactory engines) {
        this.initialSource = initialSource;
        this.initialContent = initialContent;
        this.engines = engines;
    }

    void open(MetricGroup operatorGroup) throws RulePackException {
        pack = initialContent == null ? RulePackLoader.defaultPack() : RulePackLoader.parse(initialSource, initialContent);
        engine = new LanguageRouter(engines.build(pack, null), engines.buildSpanish(LanguageRouter.defaultSpanishPack()));
        metrics = new ModerationMetrics(operatorGroup);
        metrics.rulePackVersion(engine.rulePackVersion());
        packsApplied = operatorGroup.counter("rulePacksApplied");
        shadowMetrics = new ShadowMetrics(operatorGroup);
    }

    /** The live engine, for reading what a message means together with others (split words). */
    LanguageRouter engine() {
        return engine;
    }

    /**
     * The verdict on one message. A fault fails closed inside the engine (Verdict.engineError: held, moderator
     * alerted); here it is counted and logged once, with the message id and the exception type only: its message
     * could quote the text. The job goes on: one message must never restart it.
     */
    Verdict moderate(ChatMessage m, Consumer<ShadowDiff> diffs) {
        Verdict v = engine.analyze(m.text(), e -> {
            metrics.engineError();
            LOG.error("rules engine failed on message {} ({}); held for staff", m.id(), e.getClass().getName());
        });
        metrics.ruleHits(v.matches());
        if (shadow != null) {
            ShadowDiff d = shadow.compare(m, v);
            if (d != null) {
                diffs.accept(d);
            }
        }
        return v;
    }

    /** A rule update: a live pack, a shadow candidate (or its end), or a published model. */
    void apply(RulePackUpdate update, BroadcastState<String, RulePackUpdate> state) throws Exception {
        restoreOnce(state);
        if (update.isModel()) {
            applyModel(update, state);
            return;
        }
        if (update.dropShadow()) {
            state.remove(ModerateFunction.CANDIDATE);
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
            state.put(ModerateFunction.CANDIDATE, update);
            startShadow(next);
            LOG.info("rule pack {} now runs in shadow beside {}", update.version(), engine.rulePackVersion());
            return;
        }
        state.put(ModerateFunction.ACTIVE, update);
        engine = engine.withEnglishEngine(next);
        pack = nextPack;
        packsApplied.inc();
        metrics.rulePackVersion(engine.rulePackVersion());
        LOG.info("now moderating with rule pack {}", update.version());
    }

    /** A published model: loaded whole here too (validated once more), else the current model stays. */
    private void applyModel(RulePackUpdate update, BroadcastState<String, RulePackUpdate> state) throws Exception {
        LinearModel next;
        try {
            next = ModelFile.read(update.modelBytes(), update.source());
        } catch (ModelFileException | IllegalArgumentException e) {
            LOG.error("model {} from {} failed to load here; keeping {}", update.version(), update.source(),
                    engine.english().modelVersion());
            return;
        }
        ModerationEngine e = engines.build(pack, next);
        ModerationEngine candidate = shadow == null ? null : shadowCandidate(state.get(ModerateFunction.CANDIDATE), next);
        state.put(ModerateFunction.MODEL, update);
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
    void restoreOnce(ReadOnlyBroadcastState<String, RulePackUpdate> state) throws Exception {
        if (restoredChecked) {
            return;
        }
        restoredChecked = true;
        RulePackUpdate active = state.get(ModerateFunction.ACTIVE);
        RulePackUpdate published = state.get(ModerateFunction.MODEL);
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
        RulePackUpdate candidate = state.get(ModerateFunction.CANDIDATE);
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
