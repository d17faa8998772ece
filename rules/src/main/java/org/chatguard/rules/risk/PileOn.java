package org.chatguard.rules.risk;

import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.chatguard.model.Category;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.Evidence;
import org.chatguard.model.RuleMatch;
import org.chatguard.model.StaffAlert;
import org.chatguard.model.Tier;
import org.chatguard.rules.Verdict;
import org.chatguard.rules.decide.Decider;
import org.chatguard.rules.ml.Concern;
import org.chatguard.rules.risk.ConversationRisk.Participant;

/**
 * Pile-ons: several different senders aiming insults, hate, threats or exclusion at one person within a short
 * window. Bullying counted per sender→target pair ({@link ConversationScorer}) misses them, because each sender
 * may say only one or two things; the child still receives a dozen.
 *
 * <p>Per conversation and target one small {@link State}: the latest hit of each sender within
 * {@link Config#window()} (event time). When {@link Config#senders()} distinct senders are in it, the target
 * becomes the subject of a bullying concern ({@link Category#INSULT}, MODERATOR; COUNSELLOR once the target has
 * expressed distress in the conversation) with reason {@code pile-on: ...}; the caller raises it like any other
 * concern, into the conversation's INSULT alert ({@link ConversationAlerts}, {@link AlertClock}: one alert,
 * acknowledged, escalated, resolved and dismissed as every other). A pile-on raises its concern once: further
 * messages of the same episode add nothing until its tier would rise; the episode ends when every hit has left
 * the window (the state is then empty and dropped).
 *
 * <p>Two friends insulting each other both ways are two senders at two targets, one each: never a pile-on
 * ({@link Config#senders()} is at least 3).
 *
 * <p>A hit is a message to at most two addressees (the people the pair counting also takes as targets) with an
 * insult, hate or serious-violence finding, or a bullying model score of at least {@link Config#modelScore()}
 * (the model's graded signal, below its own flag threshold). Pure: the Flink stage keeps one state per target
 * in a map keyed by target, {@link RiskEngine} in memory; both through {@link State#encode()}.
 */
public final class PileOn {

    /** Reason code prefix of a pile-on concern: {@code pile-on: 3 senders at u-kid within 10 min: u-a, u-b, u-c}. */
    public static final String REASON = "pile-on";

    private PileOn() {
    }

    /**
     * @param senders    distinct senders within {@code window} that make a pile-on (at least 3: two is banter or a
     *                   quarrel, which the pair counting watches)
     * @param window     how close together their hits must be (event time)
     * @param modelScore bullying model score from which a message without an insult finding still counts as a hit
     * @param maxSenders senders remembered per target (the oldest hit goes first); bounds the state
     */
    public record Config(int senders, Duration window, double modelScore, int maxSenders) implements Serializable {

        private static final long serialVersionUID = 1L;

        public Config {
            Objects.requireNonNull(window, "window");
            if (senders < 3 || maxSenders < senders || maxSenders > 32) {
                throw new IllegalArgumentException("pile-on senders must be 3..maxSenders, maxSenders at most 32");
            }
            if (window.isZero() || window.isNegative()) {
                throw new IllegalArgumentException("pile-on window must be positive");
            }
            if (!(modelScore > 0 && modelScore <= 1)) {
                throw new IllegalArgumentException("pile-on model score must be in (0, 1]");
            }
        }

        /** Three senders within ten minutes; a bullying model score of 0.5 counts; eight senders remembered. */
        public static Config defaults() {
            return new Config(3, Duration.ofMinutes(10), 0.5, 8);
        }

        public Config withSenders(int n) {
            return new Config(n, window, modelScore, Math.max(maxSenders, n));
        }

        public Config withWindow(Duration w) {
            return new Config(senders, w, modelScore, maxSenders);
        }
    }

    /** One sender's latest hit at the target: what staff see as that sender's evidence. */
    record Hit(String senderId, String messageId, String maskedExcerpt, long atMillis) {
    }

    /** The hits at one target in one conversation, oldest first, one per sender. */
    public static final class State {

        /** 1: the first version. */
        private static final int VERSION = 1;

        final List<Hit> hits = new ArrayList<>(3);
        /** Tier ordinal of the concern raised in this episode, -1 while none was. */
        int raisedTier = -1;

        public boolean isEmpty() {
            return hits.isEmpty();
        }

        /** Distinct senders remembered. */
        public int senders() {
            return hits.size();
        }

        /** Event time at which every hit has left the window (when the state can go), 0 when empty. */
        public long expiresAtMillis(Config cfg) {
            return hits.isEmpty() ? 0 : latest() + cfg.window().toMillis();
        }

        long latest() {
            long t = Long.MIN_VALUE;
            for (Hit h : hits) {
                t = Math.max(t, h.atMillis());
            }
            return t;
        }

        public byte[] encode() {
            return StateCodec.encode(VERSION, this::write);
        }

        private void write(StateCodec.Out out) throws IOException {
            out.writeByte(raisedTier + 1);
            out.writeByte(hits.size());
            for (Hit h : hits) {
                out.writeUTF(h.senderId());
                out.writeUTF(h.messageId());
                StateCodec.writeString(out, h.maskedExcerpt());
                out.writeLong(h.atMillis());
            }
        }

        public static State decode(byte[] bytes) {
            if (bytes == null) {
                return new State();
            }
            return StateCodec.decode(bytes, VERSION, "pile-on", (in, v) -> {
                State s = new State();
                s.raisedTier = in.readUnsignedByte() - 1;
                int n = in.readUnsignedByte();
                for (int i = 0; i < n; i++) {
                    s.hits.add(new Hit(in.readUTF(), in.readUTF(), StateCodec.readString(in), in.readLong()));
                }
                return s;
            });
        }
    }

    /** What one message did to one target's state. */
    public record Result(boolean changed, ConversationScorer.Concern concern, List<Evidence> evidence) {
    }

    /** The people a message is aimed at, as the pair counting takes them (at most two addressees, not the sender). */
    public static List<String> targets(ChatMessage m) {
        return ConversationScorer.targets(m);
    }

    /** Whether a message counts against its targets: an aggressive finding or a high enough bullying model score. */
    public static boolean isHit(Verdict v, Config cfg) {
        for (RuleMatch rm : v.matches()) {
            if (ConversationScorer.aggressive(rm)) {
                return true;
            }
        }
        return v.modelScores().score(Concern.BULLYING) >= cfg.modelScore(); // NaN (no model) is never >=
    }

    /**
     * Records a hit of {@code m} at {@code target} and says whether the target is now piled on. Call only for
     * {@link #isHit} messages. {@code risk}: the conversation's risk, read for the target's distress.
     */
    public static Result onHit(State s, ChatMessage m, Verdict v, String target, ConversationRisk risk, Config cfg) {
        long t = ConversationScorer.eventMillis(m);
        String sender = String.valueOf(m.senderId());
        if (!s.hits.isEmpty() && t <= s.latest() - cfg.window().toMillis()) {
            return new Result(false, null, List.of()); // so late that it is outside the window of the hits kept
        }
        expire(s, Math.max(t, s.hits.isEmpty() ? t : s.latest()), cfg);
        Hit mine = new Hit(sender, m.id(), Decider.excerpt(v.maskedText()), t);
        int i = indexOf(s, sender);
        if (i >= 0) {
            if (s.hits.get(i).atMillis() > t) {
                return new Result(false, null, List.of()); // a late message: the sender's newer hit stays
            }
            s.hits.remove(i);
        } else if (s.hits.size() >= cfg.maxSenders()) {
            s.hits.remove(0);
        }
        int at = s.hits.size();
        while (at > 0 && s.hits.get(at - 1).atMillis() > t) {
            at--;
        }
        s.hits.add(at, mine);
        if (s.hits.size() < cfg.senders()) {
            return new Result(true, null, List.of());
        }
        Participant p = risk.find(target);
        boolean distressed = p != null && (p.flags & ConversationRisk.FLAG_DISTRESS) != 0;
        Tier tier = distressed ? Tier.COUNSELLOR : Tier.MODERATOR;
        if (tier.ordinal() <= s.raisedTier) {
            return new Result(true, null, List.of()); // raised already in this episode: no alert per further message
        }
        s.raisedTier = tier.ordinal();
        List<String> why = new ArrayList<>(2);
        why.add(reason(s, target, cfg));
        if (distressed) {
            why.add("bullying: " + target + " has expressed distress in this conversation");
        }
        return new Result(true, new ConversationScorer.Concern(Category.INSULT, tier, why, List.of(target)), evidence(s));
    }

    /**
     * A target's state after staff resolved the conversation's bullying alert: the episode's hits stay, but what
     * was raised is forgotten, so a pile-on that goes on (a further hit with enough senders in the window) is
     * raised again as a new concern. A dismissal does not reopen: a false alarm stays quiet for the episode.
     * Returns {@code state} itself when nothing was raised.
     */
    public static byte[] reopen(byte[] state) {
        State s = State.decode(state);
        if (s.raisedTier < 0) {
            return state;
        }
        s.raisedTier = -1;
        return s.encode();
    }

    /** Whether a staff action's outcome reopens the conversation's pile-ons ({@link #reopen}). */
    public static boolean reopens(ConversationScorer.ActionResult r) {
        return r.resolved() == Category.INSULT;
    }

    /** Where the caller keeps the states of one conversation, by target (the job: a map state; offline: memory). */
    public interface Targets {
        byte[] get(String target) throws Exception;

        /** Writes the state of {@code target}, or removes it for {@code null}. */
        void put(String target, byte[] state) throws Exception;
    }

    /**
     * @param concerns     the message's concerns with any pile-on concern joined in ({@link #join})
     * @param evidence     the piled-on senders' evidence for the alert ({@link #withEvidence}), empty if none was raised
     * @param expiresAtMillis event time at which the states this message wrote have expired (the job's clean-up
     *                     timer), 0 if it wrote none
     * @param replacedExpiries earlier expiry times of those states, whose clean-up timers the new one replaces (a
     *                     timer another target shares may go too: the later one sweeps every target of the conversation)
     */
    public record Outcome(List<ConversationScorer.Concern> concerns, List<Evidence> evidence, long expiresAtMillis,
                          List<Long> replacedExpiries) {
    }

    /** One message's effect on the pile-on states of its conversation: records its hits, joins any concern raised. */
    public static Outcome onMessage(Targets states, ChatMessage m, Verdict v, ConversationRisk risk,
                                    List<ConversationScorer.Concern> concerns, Config cfg) throws Exception {
        if (!isHit(v, cfg)) {
            return new Outcome(concerns, List.of(), 0, List.of());
        }
        List<ConversationScorer.Concern> raised = new ArrayList<>(0);
        List<Evidence> evidence = new ArrayList<>(0);
        List<Long> replaced = new ArrayList<>(0);
        long expires = 0;
        for (String target : targets(m)) {
            State s = State.decode(states.get(target));
            long before = s.expiresAtMillis(cfg);
            Result r = onHit(s, m, v, target, risk, cfg);
            if (r.changed()) {
                states.put(target, s.isEmpty() ? null : s.encode());
                expires = Math.max(expires, s.expiresAtMillis(cfg));
                if (before != 0 && before != s.expiresAtMillis(cfg)) {
                    replaced.add(before);
                }
            }
            if (r.concern() != null) {
                raised.add(r.concern());
                evidence.addAll(r.evidence());
            }
        }
        replaced.remove(Long.valueOf(expires));
        return new Outcome(join(concerns, raised), evidence, expires, replaced);
    }

    /**
     * Clean-up at event time {@code nowMillis} (the job's timer): a state whose hits have all left the window goes,
     * others lose their expired hits. Returns the state to write ({@code null}: remove) or the same bytes.
     */
    public static byte[] sweep(byte[] state, long nowMillis, Config cfg) {
        State s = State.decode(state);
        if (!expire(s, nowMillis, cfg)) {
            return state;
        }
        return s.isEmpty() ? null : s.encode();
    }

    /** Drops hits that left the window ending at event time {@code nowMillis}; whether any went. */
    public static boolean expire(State s, long nowMillis, Config cfg) {
        long from = nowMillis - cfg.window().toMillis();
        return s.hits.removeIf(h -> h.atMillis() <= from);
    }

    private static int indexOf(State s, String sender) {
        for (int i = 0; i < s.hits.size(); i++) {
            if (s.hits.get(i).senderId().equals(sender)) {
                return i;
            }
        }
        return -1;
    }

    private static String reason(State s, String target, Config cfg) {
        StringBuilder b = new StringBuilder(REASON).append(": ").append(s.hits.size()).append(" senders at ").append(target)
                .append(" within ").append(minutes(cfg.window())).append(": ");
        for (int i = 0; i < s.hits.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(s.hits.get(i).senderId());
        }
        return b.toString();
    }

    private static String minutes(Duration d) {
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }

    private static List<Evidence> evidence(State s) {
        List<Evidence> out = new ArrayList<>(s.hits.size());
        for (Hit h : s.hits) {
            out.add(new Evidence(h.messageId(), h.senderId(), h.maskedExcerpt(), Instant.ofEpochMilli(h.atMillis())));
        }
        return out;
    }

    /**
     * The concerns of a message with the pile-on concerns added: one per category, as {@link ConversationScorer}
     * raises them (a pile-on and a pair's bullying in one message are one INSULT concern).
     */
    public static List<ConversationScorer.Concern> join(List<ConversationScorer.Concern> concerns,
                                                        List<ConversationScorer.Concern> pileOns) {
        if (pileOns.isEmpty()) {
            return concerns;
        }
        List<ConversationScorer.Concern> all = new ArrayList<>(concerns);
        all.addAll(pileOns);
        return ConversationScorer.merge(all);
    }

    /**
     * The alerts as raised, the INSULT one carrying the pile-on's evidence: each sender's latest hit first (a
     * sender's message the model scored but no rule matched is in no other evidence), then the conversation's.
     */
    public static List<StaffAlert> withEvidence(List<StaffAlert> raised, List<Evidence> pileOnEvidence, int maxEvidence) {
        if (pileOnEvidence.isEmpty()) {
            return raised;
        }
        List<StaffAlert> out = new ArrayList<>(raised.size());
        for (StaffAlert a : raised) {
            if (a.category() != Category.INSULT) {
                out.add(a);
                continue;
            }
            List<Evidence> ev = new ArrayList<>(pileOnEvidence);
            for (Evidence e : a.evidence()) {
                if (ev.size() >= Math.max(maxEvidence, pileOnEvidence.size())) {
                    break;
                }
                if (ev.stream().noneMatch(x -> x.messageId().equals(e.messageId()))) {
                    ev.add(e);
                }
            }
            ev.sort(java.util.Comparator.comparing(Evidence::sentAt, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
            out.add(new StaffAlert(a.alertId(), a.sequence(), a.tier(), a.category(), a.conversationId(), a.subjectUserIds(),
                    a.reasonCodes(), ev, a.rulePackVersion(), a.createdAt(), a.updatedAt(), a.modelVersion(), a.ackDueAt(),
                    a.outsideStaffedHours()));
        }
        return out;
    }
}
