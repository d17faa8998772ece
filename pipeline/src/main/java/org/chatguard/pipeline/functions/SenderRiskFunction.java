package org.chatguard.pipeline.functions;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

import org.chatguard.model.ChatMessage;
import org.chatguard.model.StaffAction;
import org.chatguard.pipeline.metrics.ChatGuardMetrics;
import org.chatguard.pipeline.records.Assessed;
import org.chatguard.pipeline.records.Moderated;
import org.chatguard.pipeline.records.RulePackUpdate;
import org.chatguard.pipeline.records.SenderInput;
import org.chatguard.rules.RulePackException;
import org.chatguard.rules.Verdict;
import org.chatguard.rules.risk.ConversationScorer;
import org.chatguard.rules.risk.RiskConfig;
import org.chatguard.rules.risk.SplitWords;
import org.chatguard.rules.risk.TrustConfig;
import org.chatguard.rules.risk.UserRisk;
import org.chatguard.rules.risk.UserScorer;

/**
 * Per-sender stage, keyed by user id, the first after parsing: moderation, words split across the sender's short
 * messages, and user risk, behind one keyBy. Messages keyed by sender and staff actions keyed by the user they
 * name arrive as one {@link SenderInput} stream, rule updates on the broadcast input.
 *
 * <ol>
 *   <li><b>Moderation</b>: the {@link Moderator} (live pack and model, Spanish routing, shadow run, updates without
 *       a restart; broadcast state {@link ModerateFunction#RULE_PACK}).</li>
 *   <li><b>Split words</b> ({@link SplitWords}): only short messages touch this; the sender's last pieces per
 *       conversation (map state by conversation id, TTL {@link SplitWords.Config#ttl()}) are joined and read
 *       with the live engine.</li>
 *   <li><b>User risk</b> ({@link UserScorer}): staff blocks apply to the user's next message in every conversation
 *       and content kind without broadcasting a block list; the verdict is adjusted for the sender's trust
 *       ({@link org.chatguard.rules.risk.Trust}); resolved alerts and denied held messages that name their author
 *       lower it.</li>
 * </ol>
 * Each message leaves with its text (the conversation-level signals read it) and the compact verdict
 * ({@link Moderated#of}) with the sender's signal, keyed by conversation
 * next. Doing all three here, rather than in three operators, saves two network exchanges (each a serialise and
 * deserialise of every message) and two task threads competing for the same cores.
 */
public final class SenderRiskFunction extends KeyedBroadcastProcessFunction<String, SenderInput, RulePackUpdate, Assessed> {

    private static final long serialVersionUID = 1L;

    private final Moderator moderator;
    private final RiskConfig cfg;
    private final TrustConfig trust;
    private final SplitWords.Config splitWords;
    private transient ValueState<byte[]> userState;
    private transient MapState<String, byte[]> pieces;
    private transient Counter blockedMessages;
    private transient Counter actionsApplied;
    private transient Counter wordsCompleted;

    public SenderRiskFunction(String initialSource, String initialContent, RiskConfig cfg, TrustConfig trust,
                              SplitWords.Config splitWords) {
        this(initialSource, initialContent, org.chatguard.rules.ml.ModelPolicy.DEFAULT, cfg, trust, splitWords);
    }

    /** The models (bundled and published) under the site's {@code policy} ({@code --model-policy}). */
    public SenderRiskFunction(String initialSource, String initialContent, org.chatguard.rules.ml.ModelPolicy policy,
                              RiskConfig cfg, TrustConfig trust, SplitWords.Config splitWords) {
        this(initialSource, initialContent, new ModerateFunction.RulesAndModel(policy), cfg, trust, splitWords);
    }

    /** Test hook: every engine comes from {@code engines} (see {@link ModerateFunction.EngineFactory}). */
    public SenderRiskFunction(String initialSource, String initialContent, ModerateFunction.EngineFactory engines,
                              RiskConfig cfg, TrustConfig trust, SplitWords.Config splitWords) {
        this.moderator = new Moderator(initialSource, initialContent, engines);
        this.cfg = cfg;
        this.trust = trust;
        this.splitWords = splitWords;
    }

    @Override
    public void open(OpenContext openContext) throws RulePackException {
        var group = getRuntimeContext().getMetricGroup();
        moderator.open(group);
        userState = getRuntimeContext().getState(RiskState.bytes("user-risk", cfg.chatStateTtl()));
        pieces = getRuntimeContext().getMapState(RiskState.map("split-word-pieces", splitWords.ttl()));
        var metrics = group.addGroup(ChatGuardMetrics.GROUP);
        blockedMessages = metrics.counter("blockedUserMessages");
        actionsApplied = metrics.counter("userActionsApplied");
        wordsCompleted = metrics.counter("splitWordsCompleted");
    }

    @Override
    public void processElement(SenderInput in, ReadOnlyContext ctx, Collector<Assessed> out) throws Exception {
        if (in.action() != null) {
            apply(in.action(), ctx);
            return;
        }
        ChatMessage m = in.message();
        moderator.restoreOnce(ctx.getBroadcastState(ModerateFunction.RULE_PACK));
        Verdict v = moderator.moderate(m, d -> ctx.output(ModerateFunction.SHADOW_DIFFS, d));
        if (SplitWords.isPiece(m.text(), splitWords)) {
            v = joinPieces(m, v);
        }
        UserRisk u = UserRisk.decode(userState.value());
        UserScorer.Result r = UserScorer.onMessage(u, m, v, cfg, trust);
        if (r.changed()) {
            write(u, ConversationScorer.eventMillis(m));
        }
        if (r.signal().blocked()) {
            blockedMessages.inc();
        }
        // the message goes on with its text: the conversation-level signals read it (RiskSignal); the verdict compact
        Moderated slim = Moderated.of(m, r.verdict());
        out.collect(new Assessed(m, slim.verdict(), r.signal()));
    }

    /** A short message: joined with the sender's earlier pieces in this conversation, it may complete a word. */
    private Verdict joinPieces(ChatMessage m, Verdict v) throws Exception {
        String conversation = m.conversationId() == null ? "" : m.conversationId();
        SplitWords.Pieces p = SplitWords.Pieces.decode(pieces.get(conversation));
        SplitWords.Result r = SplitWords.onPiece(p, m, v, moderator.engine()::analyze, splitWords);
        if (r.changed()) {
            if (p.isEmpty()) {
                pieces.remove(conversation);
            } else {
                pieces.put(conversation, p.encode());
            }
        }
        if (r.verdict() != v) {
            wordsCompleted.inc();
        }
        return r.verdict();
    }

    private void apply(StaffAction a, ReadOnlyContext ctx) throws Exception {
        UserRisk u = UserRisk.decode(userState.value());
        if (UserScorer.apply(u, a)) {
            actionsApplied.inc();
            write(u, a.at() == null ? ctx.currentProcessingTime() : a.at().toEpochMilli());
        }
    }

    private void write(UserRisk u, long t) throws Exception {
        if (u.isEmpty(t, cfg)) {
            userState.clear();
        } else {
            userState.update(u.encode());
        }
    }

    @Override
    public void processBroadcastElement(RulePackUpdate update, Context ctx, Collector<Assessed> out) throws Exception {
        moderator.apply(update, ctx.getBroadcastState(ModerateFunction.RULE_PACK));
    }
}
