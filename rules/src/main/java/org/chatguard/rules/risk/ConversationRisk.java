package org.chatguard.rules.risk;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.chatguard.model.Category;

/**
 * The risk a conversation has built up: decaying per-category scores, who showed which grooming stages,
 * who insulted whom and when, and a small evidence buffer (message ids and masked excerpts only, never
 * the text). Every collection is bounded by {@link RiskConfig}, so the serialized value stays small.
 */
public final class ConversationRisk {

    /** 2: a sender's grooming stages take two bytes (nine stages since access and age-gap); 1 is still read. */
    private static final int VERSION = 2;
    private static final int CATEGORIES = Category.values().length;
    /** Participant flag: this user expressed distress or self-harm thoughts in the conversation. */
    static final int FLAG_DISTRESS = 1;

    long updatedAtMillis;
    final double[] scores = new double[CATEGORIES];
    final List<Participant> participants = new ArrayList<>(2);
    final List<Pair> pairs = new ArrayList<>(1);
    /**
     * Decoded on first use only ({@link #evidence()}): most messages are clean and never touch it, yet it is
     * most of the value (up to five masked excerpts). Until then {@link #evidenceBytes} holds its encoded form
     * (from {@link #evidenceAt} to the end of the value), which {@link #encode} copies back unchanged.
     */
    private List<EvidenceEntry> evidence;
    private byte[] evidenceBytes;
    private int evidenceAt;

    /** A sender's grooming stages (bit set of {@link GroomingStage}) and flags, with when they last changed. */
    static final class Participant {
        final String userId;
        int stages;
        long stagesAtMillis;
        int flags;
        long seenAtMillis;

        Participant(String userId) {
            this.userId = userId;
        }
    }

    /** Insults from one sender to one addressee: the latest event times, at most {@code bullyingInsults} of them. */
    static final class Pair {
        final String senderId;
        final String targetId;
        final List<Long> times = new ArrayList<>(3);

        Pair(String senderId, String targetId) {
            this.senderId = senderId;
            this.targetId = targetId;
        }

        long latest() {
            return times.isEmpty() ? Long.MIN_VALUE : times.get(times.size() - 1);
        }
    }

    /** @param categories bit set of {@link Category} ordinals the message matched */
    record EvidenceEntry(String messageId, String senderId, String maskedExcerpt, long sentAtMillis, int categories) {
    }

    public double scoreAt(Category c, long tMillis, RiskConfig cfg) {
        return scores[c.ordinal()] * RiskConfig.decay(tMillis - updatedAtMillis, cfg.riskHalfLife());
    }

    /** Adds points at event time {@code t}; a late contribution is faded by how late it is. */
    void add(Category c, double points, long t, RiskConfig cfg) {
        if (t >= updatedAtMillis) {
            double f = RiskConfig.decay(t - updatedAtMillis, cfg.riskHalfLife());
            for (int i = 0; i < CATEGORIES; i++) {
                scores[i] *= f;
            }
            updatedAtMillis = t;
            scores[c.ordinal()] += points;
        } else {
            scores[c.ordinal()] += points * RiskConfig.decay(updatedAtMillis - t, cfg.riskHalfLife());
        }
    }

    Participant participant(String userId, long t, RiskConfig cfg) {
        for (Participant p : participants) {
            if (p.userId.equals(userId)) {
                p.seenAtMillis = Math.max(p.seenAtMillis, t);
                return p;
            }
        }
        if (participants.size() >= cfg.maxParticipants()) {
            // forget whoever was active least recently; a group chat must not grow the state without bound
            Participant oldest = participants.get(0);
            for (Participant p : participants) {
                if (p.seenAtMillis < oldest.seenAtMillis) {
                    oldest = p;
                }
            }
            participants.remove(oldest);
        }
        Participant p = new Participant(userId);
        p.seenAtMillis = t;
        participants.add(p);
        return p;
    }

    Participant find(String userId) {
        for (Participant p : participants) {
            if (p.userId.equals(userId)) {
                return p;
            }
        }
        return null;
    }

    /** A sender's stages, forgotten once {@code groomingStageMemory} has passed since the last one. */
    static int stagesAt(Participant p, long t, RiskConfig cfg) {
        if (p == null || t - p.stagesAtMillis > cfg.groomingStageMemory().toMillis()) {
            return 0;
        }
        return p.stages;
    }

    /**
     * Stages only this sender showed. Children chatting as friends ask each other the same things ("how old
     * are you?" both ways); grooming is one-sided pursuit. Stages the others in the conversation also
     * showed do not count against the sender.
     */
    int oneSidedStages(String senderId, long t, RiskConfig cfg) {
        Participant me = find(senderId);
        int mine = stagesAt(me, t, cfg);
        int others = 0;
        for (Participant p : participants) {
            if (p != me) {
                others |= stagesAt(p, t, cfg);
            }
        }
        return mine & ~others;
    }

    Pair pair(String senderId, String targetId, RiskConfig cfg) {
        for (Pair p : pairs) {
            if (p.senderId.equals(senderId) && p.targetId.equals(targetId)) {
                return p;
            }
        }
        if (pairs.size() >= cfg.maxPairs()) {
            Pair oldest = pairs.get(0);
            for (Pair p : pairs) {
                if (p.latest() < oldest.latest()) {
                    oldest = p;
                }
            }
            pairs.remove(oldest);
        }
        Pair p = new Pair(senderId, targetId);
        pairs.add(p);
        return p;
    }

    /** Records an insult at {@code t} and returns how many fall in the sliding window ending at the newest one. */
    static int recordInsult(Pair p, long t, RiskConfig cfg) {
        int i = p.times.size();
        while (i > 0 && p.times.get(i - 1) > t) {
            i--;
        }
        p.times.add(i, t);
        while (p.times.size() > cfg.bullyingInsults()) {
            p.times.remove(0);
        }
        long newest = p.latest();
        long from = newest - cfg.bullyingWindow().toMillis();
        int n = 0;
        for (long x : p.times) {
            if (x > from) {
                n++;
            }
        }
        return n;
    }

    List<EvidenceEntry> evidence() {
        if (evidence == null) {
            evidence = new ArrayList<>(2);
            if (evidenceBytes != null) {
                try {
                    StateCodec.In in = new StateCodec.In(evidenceBytes);
                    in.skip(evidenceAt);
                    readEvidence(in, evidence);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException("corrupt conversation risk state", e);
                }
                evidenceBytes = null;
            }
        }
        return evidence;
    }

    void addEvidence(EvidenceEntry e, RiskConfig cfg) {
        List<EvidenceEntry> evidence = evidence();
        for (EvidenceEntry x : evidence) {
            if (x.messageId().equals(e.messageId())) {
                return;
            }
        }
        if (evidence.size() >= cfg.maxEvidence()) {
            // swearing alone is the least useful evidence: let it make room first
            int victim = 0;
            for (int i = 0; i < evidence.size(); i++) {
                if (evidence.get(i).categories() == (1 << Category.PROFANITY.ordinal())) {
                    victim = i;
                    break;
                }
            }
            evidence.remove(victim);
        }
        int i = evidence.size();
        while (i > 0 && evidence.get(i - 1).sentAtMillis() > e.sentAtMillis()) {
            i--;
        }
        evidence.add(i, e);
    }

    /**
     * Forgets a concern staff dismissed as a false alarm: its score, and for grooming/insults the patterns
     * behind it and the evidence of only that category. {@code senders}: whose stages, insults and evidence
     * go ({@code null}: everyone's); another sender's grooming stages are not part of the dismissed alert.
     */
    void forget(Category c, java.util.Set<String> senders) {
        scores[c.ordinal()] = 0;
        if (c == Category.GROOMING) {
            for (Participant p : participants) {
                if (senders == null || senders.contains(p.userId)) {
                    p.stages = 0;
                }
            }
        }
        if (c == Category.INSULT) {
            pairs.removeIf(p -> senders == null || senders.contains(p.senderId));
        }
        int bit = 1 << c.ordinal();
        evidence().removeIf(e -> (e.categories() & ~bit) == 0 && (senders == null || senders.contains(e.senderId())));
    }

    public byte[] encode() {
        return StateCodec.encode(VERSION, this::write);
    }

    private void write(StateCodec.Out out) throws IOException {
        out.writeLong(updatedAtMillis);
        // only the non-zero scores: most conversations have one or two categories
        int mask = 0;
        for (int i = 0; i < CATEGORIES; i++) {
            if (scores[i] > 1e-6) {
                mask |= 1 << i;
            }
        }
        out.writeShort(mask);
        for (int i = 0; i < CATEGORIES; i++) {
            if ((mask & (1 << i)) != 0) {
                out.writeFloat((float) scores[i]);
            }
        }
        out.writeByte(participants.size());
        for (Participant p : participants) {
            out.writeUTF(p.userId);
            out.writeShort(p.stages);
            out.writeLong(p.stagesAtMillis);
            out.writeByte(p.flags);
            out.writeLong(p.seenAtMillis);
        }
        out.writeByte(pairs.size());
        for (Pair p : pairs) {
            out.writeUTF(p.senderId);
            out.writeUTF(p.targetId);
            out.writeByte(p.times.size());
            for (long x : p.times) {
                out.writeLong(x);
            }
        }
        if (evidence == null && evidenceBytes != null) {
            // never looked at: the bytes it was read from
            out.write(evidenceBytes, evidenceAt, evidenceBytes.length - evidenceAt);
            return;
        }
        List<EvidenceEntry> evidence = evidence();
        out.writeByte(evidence.size());
        for (EvidenceEntry e : evidence) {
            out.writeUTF(e.messageId());
            StateCodec.writeString(out, e.senderId());
            StateCodec.writeString(out, e.maskedExcerpt());
            out.writeLong(e.sentAtMillis());
            out.writeShort(e.categories());
        }
    }

    private static void readEvidence(StateCodec.In in, List<EvidenceEntry> into) throws java.io.IOException {
        int n = in.readUnsignedByte();
        for (int i = 0; i < n; i++) {
            into.add(new EvidenceEntry(in.readUTF(), StateCodec.readString(in), StateCodec.readString(in),
                    in.readLong(), in.readUnsignedShort()));
        }
    }

    /** Walks over the evidence without building it, so a truncated value still fails at {@link #decode}. */
    private static void skipEvidence(StateCodec.In in) throws java.io.IOException {
        int n = in.readUnsignedByte();
        for (int i = 0; i < n; i++) {
            in.skip(in.readUnsignedShort());
            for (int k = 0; k < 2; k++) {
                if (in.readBoolean()) {
                    in.skip(in.readUnsignedShort());
                }
            }
            in.skip(8 + 2);
        }
    }

    public static ConversationRisk decode(byte[] bytes) {
        if (bytes == null) {
            return new ConversationRisk();
        }
        return StateCodec.decode(bytes, VERSION, "conversation risk", (in, v) -> {
            ConversationRisk r = new ConversationRisk();
            r.updatedAtMillis = in.readLong();
            int mask = in.readUnsignedShort();
            for (int i = 0; i < CATEGORIES; i++) {
                if ((mask & (1 << i)) != 0) {
                    r.scores[i] = in.readFloat();
                }
            }
            int n = in.readUnsignedByte();
            for (int i = 0; i < n; i++) {
                Participant p = new Participant(in.readUTF());
                p.stages = v >= 2 ? in.readUnsignedShort() : in.readUnsignedByte();
                p.stagesAtMillis = in.readLong();
                p.flags = in.readUnsignedByte();
                p.seenAtMillis = in.readLong();
                r.participants.add(p);
            }
            n = in.readUnsignedByte();
            for (int i = 0; i < n; i++) {
                Pair p = new Pair(in.readUTF(), in.readUTF());
                int k = in.readUnsignedByte();
                for (int j = 0; j < k; j++) {
                    p.times.add(in.readLong());
                }
                r.pairs.add(p);
            }
            // the evidence is the rest of the value: read when needed
            r.evidenceBytes = bytes;
            r.evidenceAt = in.position();
            skipEvidence(in);
            return r;
        });
    }
}
