package org.chatguard.rules.risk;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.chatguard.model.Category;
import org.chatguard.model.Tier;

/**
 * Staff-facing bookkeeping of a conversation: at most one open alert per concern (category), whether
 * staff muted the conversation, and the processing-time timer that flushes coalesced alert updates.
 * Kept apart from {@link ConversationRisk} because it lives as long as chat records (an alert stays open
 * until staff close it) while risk fades within weeks, and because clean messages never need it.
 */
public final class ConversationAlerts {

    private static final int VERSION = 1;
    static final int MAX_REASONS = 12;
    static final int MAX_SUBJECTS = 8;

    boolean muted;
    /** Processing time of the registered flush timer, 0 if none: lets the caller delete it when no longer needed. */
    long timerAtMillis;
    final List<OpenAlert> open = new ArrayList<>(1);

    static final class OpenAlert {
        final Category category;
        final String alertId;
        int sequence;
        Tier tier;
        long createdAtMillis;
        long lastEmittedAtMillis;
        /** Evidence or reasons arrived since the last emitted update (held back by the rate limit). */
        boolean pending;
        String rulePackVersion;
        final List<String> subjects = new ArrayList<>(2);
        final List<String> reasons = new ArrayList<>(2);

        OpenAlert(Category category, String alertId) {
            this.category = category;
            this.alertId = alertId;
        }
    }

    public boolean muted() {
        return muted;
    }

    public long timerAtMillis() {
        return timerAtMillis;
    }

    public void timerAtMillis(long t) {
        timerAtMillis = t;
    }

    public int openAlerts() {
        return open.size();
    }

    OpenAlert find(Category c) {
        for (OpenAlert a : open) {
            if (a.category == c) {
                return a;
            }
        }
        return null;
    }

    OpenAlert findById(String alertId) {
        for (OpenAlert a : open) {
            if (a.alertId.equals(alertId)) {
                return a;
            }
        }
        return null;
    }

    /** When the earliest held-back update may go out, or 0 if none is held back. */
    public long flushDueMillis(RiskConfig cfg) {
        long due = 0;
        for (OpenAlert a : open) {
            if (a.pending) {
                long t = a.lastEmittedAtMillis + cfg.alertUpdateInterval().toMillis();
                due = due == 0 ? t : Math.min(due, t);
            }
        }
        return due;
    }

    /** Nothing worth keeping (no open alert, not muted, no timer): the state can be cleared. */
    public boolean isEmpty() {
        return open.isEmpty() && !muted && timerAtMillis == 0;
    }

    static void addBounded(List<String> list, String s, int max) {
        if (s != null && !list.contains(s) && list.size() < max) {
            list.add(s);
        }
    }

    public byte[] encode() {
        return StateCodec.encode(VERSION, this::write);
    }

    private void write(StateCodec.Out out) throws IOException {
        out.writeBoolean(muted);
        out.writeLong(timerAtMillis);
        out.writeByte(open.size());
        for (OpenAlert a : open) {
            out.writeByte(a.category.ordinal());
            out.writeUTF(a.alertId);
            out.writeInt(a.sequence);
            out.writeByte(a.tier.ordinal());
            out.writeLong(a.createdAtMillis);
            out.writeLong(a.lastEmittedAtMillis);
            out.writeBoolean(a.pending);
            StateCodec.writeString(out, a.rulePackVersion);
            out.writeByte(a.subjects.size());
            for (String s : a.subjects) {
                out.writeUTF(s);
            }
            out.writeByte(a.reasons.size());
            for (String s : a.reasons) {
                out.writeUTF(s);
            }
        }
    }

    public static ConversationAlerts decode(byte[] bytes) {
        if (bytes == null) {
            return new ConversationAlerts();
        }
        return StateCodec.decode(bytes, VERSION, "conversation alerts", (in, v) -> {
            ConversationAlerts s = new ConversationAlerts();
            s.muted = in.readBoolean();
            s.timerAtMillis = in.readLong();
            int n = in.readUnsignedByte();
            for (int i = 0; i < n; i++) {
                OpenAlert a = new OpenAlert(Category.values()[in.readUnsignedByte()], in.readUTF());
                a.sequence = in.readInt();
                a.tier = Tier.values()[in.readUnsignedByte()];
                a.createdAtMillis = in.readLong();
                a.lastEmittedAtMillis = in.readLong();
                a.pending = in.readBoolean();
                a.rulePackVersion = StateCodec.readString(in);
                int k = in.readUnsignedByte();
                for (int j = 0; j < k; j++) {
                    a.subjects.add(in.readUTF());
                }
                k = in.readUnsignedByte();
                for (int j = 0; j < k; j++) {
                    a.reasons.add(in.readUTF());
                }
                s.open.add(a);
            }
            return s;
        });
    }
}
