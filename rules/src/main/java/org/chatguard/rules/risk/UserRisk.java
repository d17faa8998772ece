package org.chatguard.rules.risk;

import java.io.IOException;

/**
 * What ChatGuard remembers about one user across all their conversations: whether staff blocked them,
 * and how much distress they have expressed recently (a child's distress builds over days and across
 * conversations). Mutable; one instance per state access.
 */
public final class UserRisk {

    private static final int VERSION = 1;

    boolean blocked;
    long blockedAtMillis;
    String blockActionId;
    double distress;
    long distressAtMillis;
    int distressSignals;

    public boolean blocked() {
        return blocked;
    }

    public double distressAt(long tMillis, RiskConfig cfg) {
        return distress * RiskConfig.decay(tMillis - distressAtMillis, cfg.distressHalfLife());
    }

    /** Nothing worth keeping: the state can be cleared rather than written. */
    public boolean isEmpty(long tMillis, RiskConfig cfg) {
        return !blocked && distressAt(tMillis, cfg) < 0.01;
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
            return u;
        });
    }
}
