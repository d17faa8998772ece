package org.chatguard.pipeline.functions;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.chatguard.pipeline.metrics.ChatGuardMetrics;
import org.chatguard.pipeline.records.Moderated;
import org.chatguard.pipeline.records.RulePackUpdate;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.RulePackException;
import org.chatguard.rules.RulePackLoader;
import org.chatguard.rules.lang.LanguageRouter;
import org.chatguard.rules.risk.SplitWords;

/**
 * Words split across a sender's consecutive short messages in one conversation, keyed by sender and conversation
 * ({@link SplitWords#key}). The logic is {@link SplitWords}; this class keeps the pieces in state (TTL
 * {@link SplitWords.Config#ttl()}) and reads joined pieces with the live pack, which it follows from the same
 * broadcast rule updates as {@code moderate}. Only short messages touch state or the engine; every other message
 * passes straight through.
 */
public final class SplitWordsFunction extends KeyedBroadcastProcessFunction<String, Moderated, RulePackUpdate, Moderated> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SplitWordsFunction.class);

    private final String initialSource;
    private final String initialContent;
    private final SplitWords.Config cfg;
    private transient LanguageRouter engine;
    private transient boolean restoredChecked;
    private transient ValueState<byte[]> pieces;
    private transient Counter completed;

    public SplitWordsFunction(String initialSource, String initialContent, SplitWords.Config cfg) {
        this.initialSource = initialSource;
        this.initialContent = initialContent;
        this.cfg = cfg;
    }

    @Override
    public void open(OpenContext openContext) throws RulePackException {
        engine = LanguageRouter.withEnglish(ModerationEngine.of(initialContent == null
                ? RulePackLoader.defaultPack() : RulePackLoader.parse(initialSource, initialContent)));
        pieces = getRuntimeContext().getState(RiskState.bytes("split-word-pieces", cfg.ttl()));
        completed = getRuntimeContext().getMetricGroup().addGroup(ChatGuardMetrics.GROUP).counter("splitWordsCompleted");
    }

    @Override
    public void processElement(Moderated m, ReadOnlyContext ctx, Collector<Moderated> out) throws Exception {
        if (!SplitWords.isPiece(m.message().text(), cfg)) {
            out.collect(m);
            return;
        }
        if (!restoredChecked) {
            restoredChecked = true;
            RulePackUpdate active = ctx.getBroadcastState(ModerateFunction.RULE_PACK).get(ModerateFunction.ACTIVE);
            if (active != null && !active.version().equals(engine.rulePackVersion())) {
                engine = engine.withEnglishEngine(ModerationEngine.of(RulePackLoader.parse(active.source(), active.content())));
            }
        }
        SplitWords.Pieces p = SplitWords.Pieces.decode(pieces.value());
        SplitWords.Result r = SplitWords.onPiece(p, m.message(), m.verdict(), engine::analyze, cfg);
        if (r.changed()) {
            if (p.isEmpty()) {
                pieces.clear();
            } else {
                pieces.update(p.encode());
            }
        }
        if (r.verdict() != m.verdict()) {
            completed.inc();
        }
        out.collect(r.verdict() == m.verdict() ? m : new Moderated(m.message(), r.verdict()));
    }

    @Override
    public void processBroadcastElement(RulePackUpdate update, Context ctx, Collector<Moderated> out) throws Exception {
        if (!update.live()) {
            return; // shadow candidates never act, so they never complete a word either
        }
        try {
            engine = engine.withEnglishEngine(ModerationEngine.of(RulePackLoader.parse(update.source(), update.content())));
            ctx.getBroadcastState(ModerateFunction.RULE_PACK).put(ModerateFunction.ACTIVE, update);
            restoredChecked = true;
        } catch (RulePackException e) {
            LOG.error("rule pack {} failed to compile for split words; keeping {}", update.version(), engine.rulePackVersion());
        }
    }
}
