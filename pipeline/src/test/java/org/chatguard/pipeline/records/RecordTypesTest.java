package org.chatguard.pipeline.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;
import org.chatguard.model.RuleMatch;
import org.chatguard.model.StaffAction;
import org.chatguard.model.Tier;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.Verdict;
import org.chatguard.rules.risk.UserSignal;

class RecordTypesTest {

    static final ModerationEngine RULES = ModerationEngine.defaultEngine();

    static List<Moderated> samples() {
        List<Moderated> out = new ArrayList<>();
        Instant t = Instant.parse("2026-11-27T09:15:02.123456789Z");
        List<String> texts = List.of("hello there", "this homework is fucking impossible", "sometimes i want to kill myself",
                "you are so mature for your age, dont tell your parents", "caf\u00e9 \uD83D\uDE00 \u0000 ok", "scunthorpe",
                "what? \uD800 lone ?", "??", "\u00ff\u0100 ?", "\u00e9t\u00e9 ?", "");
        int i = 0;
        for (String text : texts) {
            for (List<String> recipients : List.of(List.<String>of(), List.of("u-b"), List.of("u-b", "u-c\u00e9"))) {
                ChatMessage m = new ChatMessage("m-" + i, ContentKind.values()[i % 3], "bubble", "c-" + (i % 4), "u-" + i,
                        recipients, text, i % 5 == 0 ? null : t.plusMillis(i));
                out.add(new Moderated(m, RULES.analyze(text)));
                out.add(Moderated.of(m, RULES.analyze(text)));
                i++;
            }
        }
        ChatMessage m = new ChatMessage("m-x", ContentKind.BLOG, "blog", "c", "u", List.of(), "x", t);
        out.add(new Moderated(m, new Verdict(Action.BLOCK, Verdict.BLOCKED, Verdict.BLOCKED, List.of(), List.of(), null, null,
                List.of("engine-error"), "v1")));
        out.add(new Moderated(m, new Verdict(Action.HOLD, "x", "*", List.of(Category.SEXUAL, Category.GROOMING),
                List.of(new RuleMatch("r1", Category.GROOMING, 3, Action.HOLD, 0, 1, "secrecy"),
                        new RuleMatch("r2", Category.SEXUAL, 5, Action.ALLOW, 0, 1, null)),
                Tier.SAFEGUARDING, Category.GROOMING, List.of("a", "b"), null)));
        return out;
    }

    private static <T> T roundTrip(TypeSerializer<T> s, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        s.serialize(value, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getSharedBuffer(), 0, out.length());
        T back = s.deserialize(in);
        assertEquals(0, in.available(), "everything read");
        // copy(in, out) gives the same bytes
        DataOutputSerializer copy = new DataOutputSerializer(64);
        s.copy(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()), copy);
        assertEquals(out.length(), copy.length());
        return back;
    }

    @Test
    void flinkUsesTheHandWrittenSerializers() {
        assertInstanceOf(RecordTypes.ModeratedSerializer.class,
                TypeInformation.of(Moderated.class).createSerializer(new SerializerConfigImpl()));
        assertInstanceOf(RecordTypes.AssessedSerializer.class,
                TypeInformation.of(Assessed.class).createSerializer(new SerializerConfigImpl()));
    }

    @Test
    void senderInputsRoundTripMessagesAndEveryKindOfStaffAction() throws IOException {
        assertInstanceOf(RecordTypes.SenderInputSerializer.class,
                TypeInformation.of(SenderInput.class).createSerializer(new SerializerConfigImpl()));
        for (Moderated m : samples()) {
            SenderInput in = SenderInput.of(m.message());
            assertEquals(in, roundTrip(RecordTypes.SenderInputSerializer.INSTANCE, in));
        }
        Instant t = Instant.parse("2026-11-27T09:15:02.123456789Z");
        for (StaffAction.Type type : StaffAction.Type.values()) {
            for (StaffAction a : List.of(
                    new StaffAction("a-" + type, type, "u-\u00e9", null, null, null, "s-1", null, null),
                    new StaffAction("b-" + type, type, "u-1", "c-1", "al-1", Category.values()[type.ordinal() % Category.values().length],
                            "s-2", "n\uD83D\uDE00te", t, "m-1", Tier.values()[type.ordinal() % Tier.values().length], t.plusSeconds(60)))) {
                SenderInput in = SenderInput.of(a);
                assertEquals(in, roundTrip(RecordTypes.SenderInputSerializer.INSTANCE, in));
                assertEquals(a.userId(), in.userId());
            }
        }
    }

    @Test
    void moderatedAndAssessedRoundTrip() throws IOException {
        for (Moderated m : samples()) {
            assertEquals(m, roundTrip(RecordTypes.ModeratedSerializer.INSTANCE, m));
            assertEquals(m.message(), roundTrip(RecordTypes.ChatMessageSerializer.INSTANCE, m.message()));
            for (UserSignal s : List.of(UserSignal.NONE, new UserSignal(true, 0, 0), new UserSignal(false, 8.25, 3))) {
                Assessed a = new Assessed(m.message(), m.verdict(), s);
                assertEquals(a, roundTrip(RecordTypes.AssessedSerializer.INSTANCE, a));
            }
        }
    }

    @Test
    void theCompactFormDropsTheTextAndUnusedMaskedText() {
        ChatMessage m = new ChatMessage("m-1", ContentKind.CHAT, "general", "c", "u", List.of("v"), "hello there", Instant.EPOCH);
        Moderated clean = Moderated.of(m, RULES.analyze(m.text()));
        assertEquals("", clean.message().text());
        assertEquals(new ChatMessage("m-1", ContentKind.CHAT, "general", "c", "u", List.of("v"), "", Instant.EPOCH), clean.message());
        assertEquals("hello there", clean.verdict().displayText());
        assertNull(clean.verdict().maskedText());

        ChatMessage bad = new ChatMessage("m-2", ContentKind.CHAT, "general", "c", "u", List.of(), "sometimes i want to kill myself", Instant.EPOCH);
        Verdict full = RULES.analyze(bad.text());
        Moderated flagged = Moderated.of(bad, full);
        assertTrue(!full.matches().isEmpty());
        assertSame(full, flagged.verdict(), "a verdict with matches travels whole");
        assertEquals("", flagged.message().text());
    }

    @Test
    void stringsRoundTripWhateverTheirChars() throws IOException {
        java.util.Random r = new java.util.Random(9);
        String alphabet = "a?\u00e9\u00ff\u0100\uD800\uDC00\u0000~";
        for (int i = 0; i < 20_000; i++) {
            char[] c = new char[r.nextInt(12)];
            for (int k = 0; k < c.length; k++) {
                c[k] = alphabet.charAt(r.nextInt(alphabet.length()));
            }
            String s = i == 0 ? null : new String(c);
            DataOutputSerializer out = new DataOutputSerializer(16);
            WireFormat.writeString(s, out);
            DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
            assertEquals(s, WireFormat.readString(in));
            assertEquals(0, in.available());
        }
    }

    @Test
    void serializerSnapshotsRestoreTheSameSerializer() throws IOException {
        for (TypeSerializer<?> s : List.of(RecordTypes.ModeratedSerializer.INSTANCE, RecordTypes.AssessedSerializer.INSTANCE,
                RecordTypes.ChatMessageSerializer.INSTANCE)) {
            TypeSerializerSnapshot<?> snap = s.snapshotConfiguration();
            DataOutputSerializer out = new DataOutputSerializer(16);
            TypeSerializerSnapshot.writeVersionedSnapshot(out, snap);
            TypeSerializerSnapshot<?> read = TypeSerializerSnapshot.readVersionedSnapshot(
                    new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
            assertEquals(s, read.restoreSerializer());
        }
    }
}
