package org.chatguard.rules.risk;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.chatguard.model.Category;
import org.chatguard.model.Tier;

/**
 * Staff-facing bookkeeping of a conversation: at most one open alert per concern (category), which
 * categories staff muted and until when, and the processing-time timer that flushes coalesced alert updates.
 * Kept apart from {@link ConversationRisk} because it lives as long as chat records (an alert stays open
 * until staff close it) while risk fades within weeks, and because clean messages never need it.
 */
public final class ConversationAlerts {

    /**
     * 4: per alert the model version of the latest verdict that raised it (issue 14: alerts carry the model
     * version), written after the version-3 fields; version-3 values read with none.
     * 3: acknowledgement clocks ({@link AlertClock}: per alert its deadline, the tier it runs for, acknowledged,
     * raised out of hours; the event-time timer). 2: mutes per category with an end time (1 had one mute flag
     * for everything). Versions 1 and 2 are still read: their alerts carry no clock for their current tier
     * (the console may have acknowledged them already), a clock starts when their tier next rises.
     */
    private static final int VERSION = 4;
    /**
     * End of a mute read from a version-1 value, which recorded no end: it is given the default duration
     * from the first time it is looked at ({@link #pruneMutes}).
     */
    static final long LEGACY_MUTE = -1;
    /** The categories a mute naming none covers: the site rules. Child-safety categories are never muted. */
    static final int SITE_RULE_CATEGORIES = bits(Category.PROFANITY, Category.INSULT, Category.HATE, Category.SEXUAL,
            Category.PERSONAL_INFO, Category.VIOLENCE);
    static final int MAX_REASONS = 12;
    static final int MAX_SUBJECTS = 8;

    /** Per category ordinal: when its mute ends (epoch millis), 0 if not muted. */
    final long[] mutedUntil = new long[Category.values().length];
    /** Processing time of the registered flush timer, 0 if none: lets the caller delete it when no longer needed. */
    long timerAtMillis;
    /** Event time of the registered acknowledgement-deadline timer, 0 if none ({@link AlertClock}). */
    long deadlineTimerMillis;
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
        /** Version of the model that scored the latest message raising the alert; null: none (or read from version 3). */
        String modelVersion;
        final List<String> subjects = new ArrayList<>(2);
        final List<String> reasons = new ArrayList<>(2);
        /** Event time by which the alert's tier must acknowledge it; 0: no clock. */
        long ackDueMillis;
        /** The tier {@link #ackDueMillis} runs for; -1 before the first clock. A rise in tier starts a new clock. */
        int clockTier = -1;
        /** The current tier's staff acknowledged it: no escalation for lack of an answer. */
        boolean acknowledged;
        /** The concern was raised outside staffed hours. */
        boolean outsideHours;

        OpenAlert(Category category, String alertId) {
            this.category = category;
            this.alertId = alertId;
        }
    }

    private static int bits(Category... cs) {
        int b = 0;
        for (Category c : cs) {
            b |= 1 << c.ordinal();
        }
        return b;
    }

    /**
     * Whether a concern stays quiet: only a MODERATOR-tier concern in a muted, site-rule category, while the
     * mute lasts. COUNSELLOR and SAFEGUARDING concerns (self-harm, abuse disclosure, grooming, a bullied child
     * in distress, threats to life) always reach their tier, whoever muted and however. A concern without a
     * category (an engine error: a held message waits for staff) is never muted.
     */
    public boolean mutes(Category c, Tier tier, long nowMillis) {
        if (c == null || tier != Tier.MODERATOR || (SITE_RULE_CATEGORIES & (1 << c.ordinal())) == 0) {
            return false;
        }
        long until = mutedUntil[c.ordinal()];
        return until == LEGACY_MUTE || until > nowMillis;
    }

    /** Whether any category is muted (ended mutes may linger until {@link #pruneMutes}). */
    public boolean muted() {
        for (long u : mutedUntil) {
            if (u != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Mutes the named category, or every site-rule category when none is named, until {@code untilMillis}.
     * A child-safety category cannot be muted. Returns whether anything was muted.
     */
    boolean mute(Category c, long untilMillis) {
        int which = c == null ? SITE_RULE_CATEGORIES : SITE_RULE_CATEGORIES & (1 << c.ordinal());
        for (int i = 0; i < mutedUntil.length; i++) {
            if ((which & (1 << i)) != 0) {
                mutedUntil[i] = untilMillis;
            }
        }
        return which != 0;
    }

    /** Ends the mute of the named category, or of every category when none is named. */
    void unmute(Category c) {
        for (int i = 0; i < mutedUntil.length; i++) {
            if (c == null || c.ordinal() == i) {
                mutedUntil[i] = 0;
            }
        }
    }

    /** Forgets mutes that have ended, and starts the clock of mutes from before they had an end. */
    void pruneMutes(long nowMillis, RiskConfig cfg) {
        for (int i = 0; i < mutedUntil.length; i++) {
            if (mutedUntil[i] == LEGACY_MUTE) {
                mutedUntil[i] = nowMillis + cfg.muteDuration().toMillis();
            } else if (mutedUntil[i] != 0 && mutedUntil[i] <= nowMillis) {
                mutedUntil[i] = 0;
            }
        }
    }

    public long timerAtMillis() {
        return timerAtMillis;
    }

    public void timerAtMillis(long t) {
        timerAtMillis = t;
    }

    public long deadlineTimerMillis() {
        return deadlineTimerMillis;
    }

    public void deadlineTimerMillis(long t) {
        deadlineTimerMillis = t;
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

    /**
     * A staff member acknowledged {@code alertId} (or the open alert of {@code category}): its clock stops,
     * but only if the actor's role is at least the alert's tier: a moderator's acknowledgement does not answer
     * for the counsellors. Returns whether the alert counts as acknowledged now.
     */
    boolean acknowledge(String alertId, Category category, Tier role) {
        OpenAlert a = alertId != null ? findById(alertId) : category != null ? find(category) : null;
        if (a == null || role.ordinal() < a.tier.ordinal()) {
            return false;
        }
        a.acknowledged = true;
        return true;
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
        return open.isEmpty() && !muted() && timerAtMillis == 0 && deadlineTimerMillis == 0;
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
        int mask = 0;
        for (int i = 0; i < mutedUntil.length; i++) {
            if (mutedUntil[i] != 0) {
                mask |= 1 << i;
            }
        }
        out.writeShort(mask);
        for (int i = 0; i < mutedUntil.length; i++) {
            if ((mask & (1 << i)) != 0) {
                out.writeLong(mutedUntil[i]);
            }
        }
        out.writeLong(timerAtMillis);
        out.writeLong(deadlineTimerMillis);
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
            out.writeLong(a.ackDueMillis);
            out.writeByte(a.clockTier + 1);
            out.writeByte((a.acknowledged ? 1 : 0) | (a.outsideHours ? 2 : 0));
            StateCodec.writeString(out, a.modelVersion);
        }
    }

    public static ConversationAlerts decode(byte[] bytes) {
        if (bytes == null) {
            return new ConversationAlerts();
        }
        return StateCodec.decode(bytes, VERSION, "conversation alerts", (in, v) -> {
            ConversationAlerts s = new ConversationAlerts();
            if (v >= 2) {
                int mask = in.readUnsignedShort();
                for (int i = 0; i < s.mutedUntil.length; i++) {
                    if ((mask & (1 << i)) != 0) {
                        s.mutedUntil[i] = in.readLong();
                    }
                }
            } else if (in.readBoolean()) {
                // version 1 muted everything for good; now it is a mute of the site rules with an end
                s.mute(null, LEGACY_MUTE);
            }
            s.timerAtMillis = in.readLong();
            if (v >= 3) {
                s.deadlineTimerMillis = in.readLong();
            }
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
                if (v >= 3) {
                    a.ackDueMillis = in.readLong();
                    a.clockTier = in.readUnsignedByte() - 1;
                    int flags = in.readUnsignedByte();
                    a.acknowledged = (flags & 1) != 0;
                    a.outsideHours = (flags & 2) != 0;
                } else {
                    // no clock for the tier it has: it may have been acknowledged in the console already
                    a.clockTier = a.tier.ordinal();
                }
                if (v >= 4) {
                    a.modelVersion = StateCodec.readString(in);
                }
                s.open.add(a);
            }
            return s;
        });
    }
}
