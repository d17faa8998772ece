package org.chatguard.pipeline.records;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;
import org.chatguard.model.RuleMatch;
import org.chatguard.model.StaffAction;
import org.chatguard.model.Tier;
import org.chatguard.rules.Verdict;
import org.chatguard.rules.ml.Concern;
import org.chatguard.rules.ml.ModelScores;
import org.chatguard.rules.risk.UserSignal;

/**
 * Hand-written network form of the records that cross the job's exchanges ({@link SenderInput},
 * {@link Moderated}, {@link Assessed}). Flink's POJO serializer handles them, but field by field through reflection, with
 * null flags and per-field sub-serializers, and records are rebuilt through their canonical
 * constructors twice over; this writes exactly the fields, enums as one byte, and is several times
 * cheaper to read. These types are never kept in state: the format only has to agree between the two ends
 * of one running job, so it is not versioned beyond the serializer snapshot.
 */
final class WireFormat {

    private static final ContentKind[] KINDS = ContentKind.values();
    private static final Action[] ACTIONS = Action.values();
    private static final Category[] CATEGORIES = Category.values();
    private static final Tier[] TIERS = Tier.values();
    private static final Concern[] CONCERNS = Concern.values();
    private static final StaffAction.Type[] ACTION_TYPES = StaffAction.Type.values();

    private WireFormat() {
    }

    static void writeMessage(ChatMessage m, DataOutputView out) throws IOException {
        writeString(m.id(), out);
        out.writeByte(m.kind().ordinal());
        writeString(m.channel(), out);
        writeString(m.conversationId(), out);
        writeString(m.senderId(), out);
        writeStrings(m.recipientIds(), out);
        writeString(m.text(), out);
        Instant t = m.sentAt();
        out.writeBoolean(t != null);
        if (t != null) {
            out.writeLong(t.getEpochSecond());
            out.writeInt(t.getNano());
        }
    }

    static ChatMessage readMessage(DataInputView in) throws IOException {
        String id = readString(in);
        ContentKind kind = KINDS[in.readUnsignedByte()];
        String channel = readString(in);
        String conversationId = readString(in);
        String senderId = readString(in);
        List<String> recipients = readStrings(in);
        String text = readString(in);
        Instant sentAt = in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
        return new ChatMessage(id, kind, channel, conversationId, senderId, recipients, text, sentAt);
    }

    static void writeVerdict(Verdict v, DataOutputView out) throws IOException {
        out.writeByte(v.action().ordinal());
        writeString(v.displayText(), out);
        // masked text: absent (nothing matched), the same as the display text (MASK), or its own
        if (v.maskedText() == null) {
            out.writeByte(0);
        } else if (v.maskedText().equals(v.displayText())) {
            out.writeByte(1);
        } else {
            out.writeByte(2);
            writeString(v.maskedText(), out);
        }
        out.writeByte(v.categories().size());
        for (Category c : v.categories()) {
            out.writeByte(c.ordinal());
        }
        out.writeInt(v.matches().size());
        for (RuleMatch rm : v.matches()) {
            writeString(rm.ruleId(), out);
            out.writeByte(rm.category().ordinal());
            out.writeInt(rm.severity());
            out.writeByte(rm.action().ordinal());
            out.writeInt(rm.start());
            out.writeInt(rm.end());
            writeString(rm.stage(), out);
            out.writeBoolean(rm.messageIds() != null);
            if (rm.messageIds() != null) {
                writeStrings(rm.messageIds(), out);
            }
        }
        out.writeByte(v.alertTier() == null ? -1 : v.alertTier().ordinal());
        out.writeByte(v.alertCategory() == null ? -1 : v.alertCategory().ordinal());
        writeStrings(v.reasonCodes(), out);
        writeString(v.rulePackVersion(), out);
        ModelScores ms = v.modelScores();
        writeString(ms.modelVersion(), out);
        if (ms.modelVersion() != null) {
            for (Concern c : CONCERNS) {
                out.writeFloat((float) ms.score(c));
                out.writeFloat((float) ms.threshold(c));
            }
        }
        writeString(v.language(), out);
    }

    static Verdict readVerdict(DataInputView in) throws IOException {
        Action action = ACTIONS[in.readUnsignedByte()];
        String display = readString(in);
        String masked = switch (in.readUnsignedByte()) {
            case 0 -> null;
            case 1 -> display;
            default -> readString(in);
        };
        int n = in.readUnsignedByte();
        List<Category> categories;
        if (n == 0) {
            categories = List.of();
        } else {
            Category[] cs = new Category[n];
            for (int i = 0; i < n; i++) {
                cs[i] = CATEGORIES[in.readUnsignedByte()];
            }
            categories = List.of(cs);
        }
        n = in.readInt();
        List<RuleMatch> matches;
        if (n == 0) {
            matches = List.of();
        } else {
            RuleMatch[] ms = new RuleMatch[n];
            for (int i = 0; i < n; i++) {
                ms[i] = new RuleMatch(readString(in), CATEGORIES[in.readUnsignedByte()], in.readInt(),
                        ACTIONS[in.readUnsignedByte()], in.readInt(), in.readInt(), readString(in),
                        in.readBoolean() ? readStrings(in) : null);
            }
            matches = List.of(ms);
        }
        int tier = in.readByte();
        int alertCategory = in.readByte();
        List<String> reasons = readStrings(in);
        String version = readString(in);
        String modelVersion = readString(in);
        ModelScores scores = ModelScores.none(null);
        if (modelVersion != null) {
            float[] p = new float[CONCERNS.length];
            float[] t = new float[CONCERNS.length];
            for (int i = 0; i < CONCERNS.length; i++) {
                p[i] = in.readFloat();
                t[i] = in.readFloat();
            }
            scores = ModelScores.of(modelVersion, p, t);
        }
        String language = readString(in);
        return new Verdict(action, display, masked, categories, matches, tier < 0 ? null : TIERS[tier],
                alertCategory < 0 ? null : CATEGORIES[alertCategory], reasons, version, scores, language);
    }

    static void writeAction(StaffAction a, DataOutputView out) throws IOException {
        writeString(a.actionId(), out);
        out.writeByte(a.type().ordinal());
        writeString(a.userId(), out);
        writeString(a.conversationId(), out);
        writeString(a.alertId(), out);
        out.writeByte(a.category() == null ? -1 : a.category().ordinal());
        writeString(a.staffId(), out);
        writeString(a.note(), out);
        writeInstant(a.at(), out);
        writeString(a.messageId(), out);
        out.writeByte(a.staffRole() == null ? -1 : a.staffRole().ordinal());
        writeInstant(a.until(), out);
    }

    static StaffAction readAction(DataInputView in) throws IOException {
        String actionId = readString(in);
        StaffAction.Type type = ACTION_TYPES[in.readUnsignedByte()];
        String userId = readString(in);
        String conversationId = readString(in);
        String alertId = readString(in);
        int category = in.readByte();
        String staffId = readString(in);
        String note = readString(in);
        Instant at = readInstant(in);
        String messageId = readString(in);
        int role = in.readByte();
        Instant until = readInstant(in);
        return new StaffAction(actionId, type, userId, conversationId, alertId, category < 0 ? null : CATEGORIES[category],
                staffId, note, at, messageId, role < 0 ? null : TIERS[role], until);
    }

    private static void writeInstant(Instant t, DataOutputView out) throws IOException {
        out.writeBoolean(t != null);
        if (t != null) {
            out.writeLong(t.getEpochSecond());
            out.writeInt(t.getNano());
        }
    }

    private static Instant readInstant(DataInputView in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }

    static void writeSignal(UserSignal s, DataOutputView out) throws IOException {
        out.writeBoolean(s.blocked());
        out.writeDouble(s.distress());
        out.writeInt(s.distressSignals());
        out.writeDouble(s.thresholdFactor());
    }

    static UserSignal readSignal(DataInputView in) throws IOException {
        boolean blocked = in.readBoolean();
        double distress = in.readDouble();
        int signals = in.readInt();
        double factor = in.readDouble();
        return !blocked && signals == 0 && Double.doubleToRawLongBits(distress) == 0 && factor == 1.0
                ? UserSignal.NONE : new UserSignal(blocked, distress, signals, factor);
    }

    /**
     * Strings as Latin-1 bytes in one bulk copy when every char fits in a byte (ids, most chat), else
     * {@link StringValue}'s char-by-char form; Flink's own string form costs a branch and a write per char.
     * Header: -1 null; {@code len << 1} Latin-1 bytes follow; {@code 1} the StringValue form follows.
     */
    static void writeString(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        // a char beyond Latin-1 became '?': check every '?' really is one
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '?' && s.charAt(i) != '?') {
                out.writeInt(1);
                StringValue.writeString(s, out);
                return;
            }
        }
        out.writeInt(b.length << 1);
        out.write(b);
    }

    static String readString(DataInputView in) throws IOException {
        int h = in.readInt();
        if (h == -1) {
            return null;
        }
        if (h == 1) {
            return StringValue.readString(in);
        }
        byte[] b = new byte[h >>> 1];
        in.readFully(b);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static void writeStrings(List<String> list, DataOutputView out) throws IOException {
        out.writeInt(list.size());
        for (String s : list) {
            writeString(s, out);
        }
    }

    private static List<String> readStrings(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n == 0) {
            return List.of();
        }
        String[] a = new String[n];
        for (int i = 0; i < n; i++) {
            a[i] = readString(in);
        }
        return List.of(a);
    }
}
