package org.chatguard.rules.risk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.chatguard.model.ChatMessage;
import org.chatguard.model.Decision;
import org.chatguard.model.StaffAction;
import org.chatguard.model.StaffAlert;
import org.chatguard.rules.Verdict;
import org.chatguard.rules.decide.Staffing;
import org.chatguard.rules.decide.SupportPolicy;

/**
 * The stateful scoring of the Flink job, in memory and in order, for offline use ({@code classify
 * --stateful}) and for comparisons. Same scorers, same state classes; states go through their binary
 * form on every access exactly as in the job, so offline results are what the job would produce.
 * Single-threaded.
 *
 * <p>State expires as in the job: each value lives {@link RiskConfig#riskTtl()} (conversation risk) or
 * {@link RiskConfig#chatStateTtl()} (users, alert bookkeeping) after its last write, is never read after
 * that, and is dropped from memory, so a long file holds only what is still live. Time is the latest
 * {@code now} passed in (offline: the input's own time), as the job's state TTL follows processing time.
 *
 * <p>Acknowledgement deadlines ({@link AlertClock}) fire as the job's event-time timers do: before each
 * record, every deadline at or before its time escalates, so an alert nobody acknowledged in the file is
 * escalated at the same point of the same input every run.
 */
public final class RiskEngine {

    private final RiskConfig cfg;
    private final Staffing staffing;
    private final Store users;
    private final Store risks;
    private final Store alerts;
    /** Split-word pieces per sender and conversation; {@code null} matcher: split words are not looked for. */
    private final Store pieces;
    private final SplitWords.Config splitCfg;
    private final java.util.function.Function<String, Verdict> matcher;
    private final TrustConfig trust;
    /** Pile-on states per conversation and target ({@link PileOn}), kept a window after their last hit. */
    private final Store pileOns;
    private final PileOn.Config pileOnCfg;
    /**
     * Conversation-level signals ({@link RiskSignal}) and their state per conversation; none unless asked for
     * ({@link #withSignals}); {@code classify --stateful} and the job's conversation stage run
     * {@link ConversationSignals#defaults()} (the job unless {@code --no-conversation-signals}).
     */
    private final ConversationSignals signals;
    private final Store signalState;
    /** The latest time seen: TTLs count from it, so it never goes back. */
    private long clock = Long.MIN_VALUE;

    /** Event-time deadlines per conversation (the job's event-time timers), earliest first. */
    private final TreeMap<Long, Set<String>> deadlines = new TreeMap<>();
    private final Map<String, Long> deadlineOf = new HashMap<>();

    public RiskEngine(RiskConfig cfg) {
        this(cfg, Staffing.defaults());
    }

    public RiskEngine(RiskConfig cfg, Staffing staffing) {
        this(cfg, staffing, null, SplitWords.Config.defaults(), TrustConfig.defaults(), PileOn.Config.defaults(),
                ConversationSignals.none());
    }

    private RiskEngine(RiskConfig cfg, Staffing staffing, java.util.function.Function<String, Verdict> matcher,
                       SplitWords.Config splitCfg, TrustConfig trust, PileOn.Config pileOnCfg, ConversationSignals signals) {
        this.cfg = cfg;
        this.signals = signals;
        signalState = new Store(cfg.riskTtl());
        this.pileOnCfg = pileOnCfg;
        pileOns = new Store(pileOnCfg.window());
        this.staffing = staffing;
        this.trust = trust;
        this.matcher = matcher;
        this.splitCfg = splitCfg;
        users = new Store(cfg.chatStateTtl());
        risks = new Store(cfg.riskTtl());
        alerts = new Store(cfg.chatStateTtl());
        pieces = new Store(splitCfg.ttl());
    }

    /**
     * A fresh engine that also looks for words split across consecutive messages ({@link SplitWords}), reading
     * the joined pieces with {@code matcher} (the engine the verdicts come from), as the job's split-words stage.
     */
    public RiskEngine withSplitWords(java.util.function.Function<String, Verdict> matcher, SplitWords.Config splitCfg) {
        return new RiskEngine(cfg, staffing, java.util.Objects.requireNonNull(matcher, "matcher"), splitCfg, trust, pileOnCfg, signals);
    }

    /** A fresh engine with these trust settings ({@link Trust}), as the job's user stage. */
    public RiskEngine withTrust(TrustConfig t) {
        return new RiskEngine(cfg, staffing, matcher, splitCfg, java.util.Objects.requireNonNull(t, "trust"), pileOnCfg, signals);
    }

    /** A fresh engine with these pile-on settings ({@link PileOn}), as the job's conversation stage. */
    public RiskEngine withPileOn(PileOn.Config p) {
        return new RiskEngine(cfg, staffing, matcher, splitCfg, trust, java.util.Objects.requireNonNull(p, "pileOn"), signals);
    }

    /** A fresh engine running these conversation-level signals ({@link ConversationSignals#none()}: rules and message models only). */
    public RiskEngine withSignals(ConversationSignals s) {
        return new RiskEngine(cfg, staffing, matcher, splitCfg, trust, pileOnCfg, java.util.Objects.requireNonNull(s, "signals"));
    }

    /**
     * Values with the time of their last write, in write order (the clock never goes back), so the expired
     * ones are always at the head: expiring costs nothing for values that are still live.
     */
    private final class Store {
        private final long ttlMillis;
        private final LinkedHashMap<String, Written> map = new LinkedHashMap<>();

        Store(Duration ttl) {
            ttlMillis = ttl.toMillis();
        }

        byte[] get(String key) {
            Written w = map.get(key);
            if (w == null) {
                return null;
            }
            if (expired(w)) {
                map.remove(key);
                return null;
            }
            return w.value;
        }

        /** Writes (refreshing the TTL, as the job's OnCreateAndWrite) or, for null, clears. */
        void put(String key, byte[] value) {
            map.remove(key);
            if (value != null) {
                map.put(key, new Written(value, clock));
            }
        }

        /** The pile-on states under a conversation's key prefix, reopened ({@link PileOn#reopen}) in place. */
        void reopen(String prefix) {
            for (Map.Entry<String, Written> e : map.entrySet()) {
                if (e.getKey().startsWith(prefix)) {
                    e.setValue(new Written(PileOn.reopen(e.getValue().value), e.getValue().atMillis));
                }
            }
        }

        void expire() {
            Iterator<Written> it = map.values().iterator();
            while (it.hasNext() && expired(it.next())) {
                it.remove();
            }
        }

        private boolean expired(Written w) {
            return clock - w.atMillis >= ttlMillis;
        }

        int size() {
            return map.size();
        }

        long bytes() {
            long n = 0;
            for (Written w : map.values()) {
                n += w.value.length;
            }
            return n;
        }
    }

    private record Written(byte[] value, long atMillis) {
    }

    private void advance(Instant now) {
        clock = Math.max(clock, now.toEpochMilli());
        users.expire();
        risks.expire();
        alerts.expire();
        pieces.expire();
        signalState.expire();
        pileOns.expire();
    }

    public record Outcome(Decision decision, List<StaffAlert> alerts) {
    }

    /**
     * @param now processing time; offline runs pass the message's own time so that rate limits behave as
     *            they would have live and results are reproducible
     */
    public Outcome process(ChatMessage m, Verdict v, Instant now) {
        advance(now);
        List<StaffAlert> out = new ArrayList<>(fireDeadlines(now));
        out.addAll(flushDue(m.conversationId(), now));
        if (matcher != null && SplitWords.isPiece(m.text(), splitCfg)) {
            String key = SplitWords.key(m);
            SplitWords.Pieces p = SplitWords.Pieces.decode(pieces.get(key));
            SplitWords.Result r = SplitWords.onPiece(p, m, v, matcher, splitCfg);
            if (r.changed()) {
                pieces.put(key, p.isEmpty() ? null : p.encode());
            }
            v = r.verdict();
        }

        String userKey = String.valueOf(m.senderId());
        UserRisk u = UserRisk.decode(users.get(userKey));
        UserScorer.Result ur = UserScorer.onMessage(u, m, v, cfg, trust);
        if (ur.changed()) {
            users.put(userKey, u.isEmpty(ConversationScorer.eventMillis(m), cfg) ? null : u.encode());
        }
        v = ur.verdict();

        String conv = m.conversationId();
        ConversationRisk risk = ConversationRisk.decode(risks.get(conv));
        ConversationScorer.Assessment a = ConversationScorer.assess(risk, m, v, ur.signal(), now, cfg);
        if (a.riskChanged()) {
            risks.put(conv, risk.encode());
        }
        List<ConversationScorer.Concern> concerns = a.concerns();
        if (!signals.isEmpty()) {
            ConversationSignals.Outcome so = signals.onMessage(signalState.get(conv), m, v);
            signalState.put(conv, so.state());
            concerns = ConversationSignals.withConcerns(concerns, so);
        }
        PileOn.Outcome piled = pileOn(conv, m, v, risk, concerns);
        if (!piled.concerns().isEmpty()) {
            ConversationAlerts al = ConversationAlerts.decode(alerts.get(conv));
            List<StaffAlert> raised = ConversationScorer.raise(al, risk, piled.concerns(), m, v.rulePackVersion(), v.modelVersion(), now, cfg);
            raised = PileOn.withEvidence(raised, piled.evidence(), cfg.maxEvidence());
            AlertClock.start(al, ConversationScorer.eventMillis(m), staffing);
            out.addAll(AlertClock.stamp(al, raised));
            saveAlerts(conv, al);
        }
        return new Outcome(SupportPolicy.attach(a.decision(), staffing).withChannel(m.channel()), out);
    }

    private PileOn.Outcome pileOn(String conv, ChatMessage m, Verdict v, ConversationRisk risk, List<ConversationScorer.Concern> concerns) {
        try {
            return PileOn.onMessage(new PileOn.Targets() {
                @Override
                public byte[] get(String target) {
                    return pileOns.get(conv + '\u0000' + target);
                }

                @Override
                public void put(String target, byte[] state) {
                    pileOns.put(conv + '\u0000' + target, state);
                }
            }, m, v, risk, concerns, pileOnCfg);
        } catch (Exception e) {
            throw new IllegalStateException("pile-on state in memory failed", e); // nothing in memory throws
        }
    }

    /** Targets with a live pile-on state (any conversation), for tests. */
    public int pileOnStates() {
        return pileOns.size();
    }

    public List<StaffAlert> apply(StaffAction action, Instant now) {
        advance(now);
        List<StaffAlert> fired = fireDeadlines(now);
        if (UserScorer.confirmsViolation(action)) {
            // a resolved alert or denied message naming its author: the user's trust drops, the conversation acts too
            UserRisk u = UserRisk.decode(users.get(action.userId()));
            if (UserScorer.apply(u, action)) {
                users.put(action.userId(), u.encode());
            }
        }
        if (UserScorer.isUserAction(action)) {
            if (action.userId() != null) {
                UserRisk u = UserRisk.decode(users.get(action.userId()));
                if (UserScorer.apply(u, action)) {
                    users.put(action.userId(), u.isEmpty(now.toEpochMilli(), cfg) ? null : u.encode());
                }
            }
            return fired;
        }
        String conv = action.conversationId();
        if (conv == null) {
            return fired;
        }
        ConversationRisk risk = ConversationRisk.decode(risks.get(conv));
        ConversationAlerts al = ConversationAlerts.decode(alerts.get(conv));
        ConversationScorer.ActionResult r = ConversationScorer.apply(al, risk, action, now, cfg);
        if (r.riskChanged()) {
            risks.put(conv, risk.encode());
        }
        if (PileOn.reopens(r)) {
            pileOns.reopen(conv + '\u0000');
        }
        AlertClock.start(al, now.toEpochMilli(), staffing);
        List<StaffAlert> out = new ArrayList<>(fired);
        out.addAll(AlertClock.stamp(al, r.alerts()));
        saveAlerts(conv, al);
        return out;
    }

    /** Writes or clears a conversation's alert bookkeeping and keeps its deadline (the job's event-time timer). */
    private void saveAlerts(String conv, ConversationAlerts al) {
        long due = AlertClock.nextDeadline(al);
        Long old = deadlineOf.remove(conv);
        if (old != null) {
            Set<String> s = deadlines.get(old);
            s.remove(conv);
            if (s.isEmpty()) {
                deadlines.remove(old);
            }
        }
        if (due != 0) {
            deadlineOf.put(conv, due);
            deadlines.computeIfAbsent(due, k -> new LinkedHashSet<>()).add(conv);
        }
        al.deadlineTimerMillis(due);
        alerts.put(conv, al.isEmpty() ? null : al.encode());
    }

    /** Escalates, in deadline order, every alert whose acknowledgement deadline is at or before {@code now}. */
    private List<StaffAlert> fireDeadlines(Instant now) {
        List<StaffAlert> out = new ArrayList<>(0);
        long t = now.toEpochMilli();
        while (!deadlines.isEmpty() && deadlines.firstKey() <= t) {
            Map.Entry<Long, Set<String>> e = deadlines.pollFirstEntry();
            for (String conv : e.getValue()) {
                deadlineOf.remove(conv);
                byte[] bytes = alerts.get(conv);
                if (bytes == null) {
                    continue; // expired with its conversation
                }
                ConversationAlerts al = ConversationAlerts.decode(bytes);
                al.deadlineTimerMillis(0);
                // the update time is the deadline's own (event time), as reproducible as the rest of the run
                out.addAll(AlertClock.escalateOverdue(al, ConversationRisk.decode(risks.get(conv)), conv, e.getKey(),
                        Instant.ofEpochMilli(e.getKey()), staffing, cfg));
                saveAlerts(conv, al);
            }
        }
        return out;
    }

    /** Sends every held-back alert update (end of an offline run). */
    public List<StaffAlert> flushAll(Instant now) {
        List<StaffAlert> out = new ArrayList<>();
        advance(now);
        for (String conv : new ArrayList<>(alerts.map.keySet())) {
            out.addAll(flushDue(conv, now, true));
        }
        return out;
    }

    private List<StaffAlert> flushDue(String conv, Instant now) {
        return flushDue(conv, now, false);
    }

    private List<StaffAlert> flushDue(String conv, Instant now, boolean force) {
        byte[] bytes = alerts.get(conv);
        if (bytes == null) {
            return List.of();
        }
        ConversationAlerts al = ConversationAlerts.decode(bytes);
        long due = al.flushDueMillis(cfg);
        if (due == 0 || (!force && due > now.toEpochMilli())) {
            return List.of();
        }
        Instant at = force && due > now.toEpochMilli() ? Instant.ofEpochMilli(due) : now;
        List<StaffAlert> out = AlertClock.stamp(al, ConversationScorer.flush(al, ConversationRisk.decode(risks.get(conv)), conv, at, cfg));
        saveAlerts(conv, al);
        return out;
    }

    /** Keys held, for tests and state-size estimates: users, conversations with risk, conversations with alerts, split-word pieces. */
    public int[] sizes() {
        return new int[] {users.size(), risks.size(), alerts.size(), pieces.size()};
    }

    /** Serialized bytes held (values only), in the order of {@link #sizes()}. */
    public long[] valueBytes() {
        return new long[] {users.bytes(), risks.bytes(), alerts.bytes(), pieces.bytes()};
    }
}
