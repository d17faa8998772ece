package org.chatguard.rules.risk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.chatguard.model.ChatMessage;
import org.chatguard.rules.Verdict;
import org.chatguard.rules.ml.ConversationModel;
import org.chatguard.rules.ml.ConversationModel.Head;
import org.chatguard.rules.ml.SenderStats;
import org.chatguard.rules.risk.ConversationScorer.Concern;

/**
 * The {@link ConversationModel} as a {@link RiskSignal}: after every message, each participant's score per head
 * over the conversation so far; a head at or above its threshold raises its concern (category, tier) about that
 * participant. The state is what the model's linear form needs: per participant the running sums of their
 * messages' contributions (self, and what they add to the others' side), their {@link SenderStats}, and the
 * conversation's total; a few hundred bytes, bounded by {@link #MAX_PARTICIPANTS}.
 */
public final class ConversationModelSignal implements RiskSignal {

    public static final String NAME = "conversation-model";
    public static final String REASON = "conversation-model: ";
    /** 1: model version, message count, per head the others' total, participants (stats, sums, last seen). */
    private static final int VERSION = 1;
    static final int MAX_PARTICIPANTS = 16;
    /** The model raises nothing before the conversation has this many messages ... */
    public static final int MIN_MESSAGES = 3;
    /** ... and about a sender before they wrote this many. */
    public static final int MIN_FROM_SENDER = 2;

    private final ConversationModel model;

    public ConversationModelSignal(ConversationModel model) {
        this.model = model;
    }

    @Override
    public String name() {
        return NAME;
    }

    public ConversationModel model() {
        return model;
    }

    /** One participant's running sums. */
    static final class Part {
        final SenderStats stats;
        final float[] self;
        final float[] other;
        long seen;

        Part(String userId, int heads) {
            stats = new SenderStats(userId);
            self = new float[heads];
            other = new float[heads];
        }
    }

    static final class State {
        int messages;
        long clock;
        float[] total;
        final Map<String, Part> parts = new LinkedHashMap<>();
    }

    @Override
    public Step onMessage(byte[] bytes, ChatMessage m, Verdict v) {
        int heads = model.heads().size();
        State s = decode(bytes, heads);
        String sender = String.valueOf(m.senderId());
        Part p = s.parts.get(sender);
        if (p == null) {
            if (s.parts.size() >= MAX_PARTICIPANTS) {
                // forget the least recently active: a busy room must not grow the state without bound
                Part oldest = null;
                for (Part x : s.parts.values()) {
                    if (oldest == null || x.seen < oldest.seen) {
                        oldest = x;
                    }
                }
                s.parts.remove(oldest.stats.userId);
            }
            p = new Part(sender, heads);
            s.parts.put(sender, p);
        }
        p.seen = ++s.clock;
        float[] c = new float[2 * heads];
        model.contributions(model.vector(m.text()), c);
        for (int h = 0; h < heads; h++) {
            p.self[h] += c[2 * h];
            p.other[h] += c[2 * h + 1];
            s.total[h] += c[2 * h + 1];
        }
        s.messages++;
        p.stats.observe(m.text(), v);

        List<Concern> concerns = new ArrayList<>(0);
        Map<String, double[]> probs = probabilities(s);
        for (int h = 0; h < heads; h++) {
            String who = null;
            double best = -1;
            for (var e : probs.entrySet()) {
                if (s.messages < MIN_MESSAGES || s.parts.get(e.getKey()).stats.messages < MIN_FROM_SENDER) {
                    continue; // a situation, not a line: one message is the rules' and the message models' to judge
                }
                if (e.getValue()[h] >= model.threshold(h) && e.getValue()[h] > best) {
                    best = e.getValue()[h];
                    who = e.getKey();
                }
            }
            if (who != null) {
                Head head = model.heads().get(h);
                List<String> subjects = new ArrayList<>(s.parts.size());
                subjects.add(who);
                for (String x : s.parts.keySet()) {
                    if (!x.equals(who)) {
                        subjects.add(x);
                    }
                }
                concerns.add(new Concern(head.category(), head.tier(), List.of(REASON + head.code() + " for " + who), subjects));
            }
        }
        return new Step(encode(s), ConversationScorer.merge(concerns));
    }

    private Map<String, double[]> probabilities(State s) {
        List<SenderStats> all = new ArrayList<>(s.parts.size());
        s.parts.values().forEach(x -> all.add(x.stats));
        Map<String, double[]> out = new LinkedHashMap<>();
        int heads = model.heads().size();
        double[][] denseAll = SenderStats.denseAll(all);
        int i = 0;
        for (Part x : s.parts.values()) {
            double[] dense = denseAll[i++];
            int nOthers = s.messages - x.stats.messages;
            double[] p = new double[heads];
            for (int h = 0; h < heads; h++) {
                p[h] = model.score(h, x.self[h], x.stats.messages, s.total[h] - x.other[h], nOthers, dense);
            }
            out.put(x.stats.userId, p);
        }
        return out;
    }

    /** Each participant's probability per head (in {@link ConversationModel#heads()} order) in a state this signal wrote. */
    public Map<String, double[]> probabilities(byte[] state) {
        return probabilities(decode(state, model.heads().size()));
    }

    byte[] encode(State s) {
        return StateCodec.encode(VERSION, out -> {
            out.writeUTF(model.version());
            out.writeInt(s.messages);
            out.writeLong(s.clock);
            for (float t : s.total) {
                out.writeFloat(t);
            }
            out.writeByte(s.parts.size());
            for (Part p : s.parts.values()) {
                out.writeUTF(p.stats.userId);
                out.writeShort(Math.min(65535, p.stats.messages));
                out.writeShort(Math.min(65535, p.stats.questions));
                for (float x : p.stats.maxModel) {
                    out.writeFloat(x);
                }
                out.writeShort(p.stats.stages);
                for (int c : p.stats.cues) {
                    out.writeByte(c);
                }
                out.writeByte(p.stats.credibleThreats);
                for (int h = 0; h < s.total.length; h++) {
                    out.writeFloat(p.self[h]);
                    out.writeFloat(p.other[h]);
                }
                out.writeLong(p.seen);
            }
        });
    }

    /** A state written by another model version (its sums mean nothing to this one) starts afresh. */
    State decode(byte[] bytes, int heads) {
        State fresh = new State();
        fresh.total = new float[heads];
        if (bytes == null) {
            return fresh;
        }
        return StateCodec.decode(bytes, VERSION, "conversation model signal", (in, v) -> {
            if (!in.readUTF().equals(model.version())) {
                return fresh;
            }
            State s = new State();
            s.messages = in.readInt();
            s.clock = in.readLong();
            s.total = new float[heads];
            for (int h = 0; h < heads; h++) {
                s.total[h] = in.readFloat();
            }
            int n = in.readUnsignedByte();
            for (int i = 0; i < n; i++) {
                Part p = new Part(in.readUTF(), heads);
                p.stats.messages = in.readUnsignedShort();
                p.stats.questions = in.readUnsignedShort();
                for (int c = 0; c < p.stats.maxModel.length; c++) {
                    p.stats.maxModel[c] = in.readFloat();
                }
                p.stats.stages = in.readUnsignedShort();
                for (int c = 0; c < p.stats.cues.length; c++) {
                    p.stats.cues[c] = in.readUnsignedByte();
                }
                p.stats.credibleThreats = in.readUnsignedByte();
                for (int h = 0; h < heads; h++) {
                    p.self[h] = in.readFloat();
                    p.other[h] = in.readFloat();
                }
                p.seen = in.readLong();
                s.parts.put(p.stats.userId, p);
            }
            return s;
        });
    }
}
