package org.chatguard.rules.risk;

import java.util.LinkedHashMap;
import java.util.Map;

import org.chatguard.rules.ml.Cue;

/**
 * Per sender in a conversation, how many of their messages had each {@link Cue} (and, in {@link #EXTRA} slots after
 * the cues, whatever a signal wants to count): the state of the hand-written cue signals ({@link CredibleThreatSignal},
 * {@link GoodbyeSignal}). Counts saturate at 255; at most {@link #MAX_SENDERS} senders, the least recent forgotten.
 */
final class SenderCues {

    /** 1: per sender its id and one byte per slot. */
    private static final int VERSION = 1;
    static final int MAX_SENDERS = 16;
    static final int EXTRA = 4;
    static final int SLOTS = Cue.values().length + EXTRA;

    /** In order of last activity, most recent last. */
    final LinkedHashMap<String, int[]> senders = new LinkedHashMap<>();

    /** The sender's counts, made most recent (created if new). */
    int[] of(String sender) {
        int[] c = senders.remove(sender);
        if (c == null) {
            c = new int[SLOTS];
            if (senders.size() >= MAX_SENDERS) {
                senders.remove(senders.keySet().iterator().next());
            }
        }
        senders.put(sender, c);
        return c;
    }

    /** Counts one message's cues for its sender; returns the sender's counts. */
    int[] count(String sender, int cueBits) {
        int[] c = of(sender);
        for (Cue q : Cue.values()) {
            if ((cueBits & q.bit()) != 0) {
                inc(c, q.ordinal());
            }
        }
        return c;
    }

    static void inc(int[] c, int slot) {
        if (c[slot] < 255) {
            c[slot]++;
        }
    }

    static int extra(int i) {
        return Cue.values().length + i;
    }

    byte[] encode() {
        return StateCodec.encode(VERSION, out -> {
            out.writeByte(senders.size());
            for (Map.Entry<String, int[]> e : senders.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeByte(SLOTS);
                for (int x : e.getValue()) {
                    out.writeByte(x);
                }
            }
        });
    }

    static SenderCues decode(byte[] bytes) {
        SenderCues s = new SenderCues();
        if (bytes == null) {
            return s;
        }
        return StateCodec.decode(bytes, VERSION, "sender cues", (in, v) -> {
            int n = in.readUnsignedByte();
            for (int i = 0; i < n; i++) {
                String id = in.readUTF();
                int k = in.readUnsignedByte();
                int[] c = new int[SLOTS];
                for (int j = 0; j < k; j++) {
                    int x = in.readUnsignedByte();
                    if (j < SLOTS) {
                        c[j] = x; // a later version's extra slots are not ours
                    }
                }
                s.senders.put(id, c);
            }
            return s;
        });
    }
}
