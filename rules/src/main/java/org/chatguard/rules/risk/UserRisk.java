package org.chatguard.rules.risk;

import java.io.IOException;

/**
 * What ChatGuard remembers about one user across all their conversations: whether staff blocked them,
 * and how much distress they have expressed recently (a child's distress builds over days and across
 * conversations). Mutable; one instance per state access.
 */
public final class UserRisk {

    /** 2: trust (confirmed violations, messages seen); version 1 values read with no trust history. */
    private static final int VERSION = 2;

    boolean blocked;
    long blockedAtMillis;
    String blockActionId;
    double distress;
    long distressAtMillis;
    int distressSignals;
    /** Staff-confirmed violations (blocks, resolved alerts, denied held messages naming the user) and the last one's time. */
    int confirmed;
    long confirmedAtMillis;
    /** Messages seen, counted up to the new-account limit, and when the value was last written (keeps it alive). */
    int messagesSeen;
    long seenAtMillis;

    public boolean blocked() {
        return blocked;
    }

    public double distressAt(long tMillis, RiskConfig cfg) {
        return distress * RiskConfig.decay(tMillis - distressAtMillis, cfg.distressHalfLife());
    }

    /** Whether a staff-confirmed violation still lowers this user's trust at {@code tMillis}. */
    public boolean lowTrust(long tMillis, TrustConfig trust) {
        return confirmed > 0 && tMillis - confirmedAtMillis < trust.confirmedTtl().toMillis();
    }

    /** Whether the user is still within their first messages. */
    public boolean newAccount(TrustConfig trust) {
        return messagesSeen < trust.newAccountMessages();
    }

    /**
     * Nothing worth keeping: the state can be cleared rather than written. A user whose messages are counted
     * (new-account trust on) always has state: clearing it would make them new again.
     */
    public boolean isEmpty(long tMillis, RiskConfig cfg) {
        return !blocked && distressAt(tMillis, cfg) < 0.01 && confirmed == 0 && messagesSeen == 0;
    }

    public byte[] encode() {
        return StateCodec.encode(VERSION, this::write);
    }

    private void write(StateCodec.Out out) throws IOException {
        out.writeBoolean(blocked);
        out.writeLong(blockedAtMillis);
        StateCodec.writeString(out, blockActionId);
        out.writeFloat((float) distress);
        out.writeLong(distressAtMillis);
        out.writeInt(distressSignals);
        out.writeInt(confirmed);
        out.writeLong(confirmedAtMillis);
        out.writeInt(messagesSeen);
        out.writeLong(seenAtMillis);
    }

    public static UserRisk decode(byte[] bytes) {
        if (bytes == null) {
            return new UserRisk();
        }
        return StateCodec.decode(bytes, VERSION, "user", (in, v) -> {
            UserRisk u = new UserRisk();
            u.blocked = in.readBoolean();
            u.blockedAtMillis = in.readLong();
            u.blockActionId = StateCodec.readString(in);
            u.distress = in.readFloat();
            u.distressAtMillis = in.readLong();
            u.distressSignals = in.readInt();
            if (v >= 2) {
                u.confirmed = in.readInt();
                u.confirmedAtMillis = in.readLong();
                u.messagesSeen = in.readInt();
                u.seenAtMillis = in.readLong();
            } else {
                // the user had state before trust existed: not a new account
                u.messagesSeen = Integer.MAX_VALUE;
            }
            return u;
        });
    }
}
