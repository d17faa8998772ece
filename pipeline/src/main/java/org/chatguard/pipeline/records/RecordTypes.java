package org.chatguard.pipeline.records;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import org.chatguard.model.ChatMessage;

/**
 * Flink type information for {@link SenderInput}, {@link Moderated} and {@link Assessed}: the {@link WireFormat} serializers,
 * picked up through the records' {@code @TypeInfo} annotations wherever Flink extracts their type; and
 * {@link #CHAT_MESSAGE} for parsed messages (the model class has no Flink dependency, so the job names it).
 */
public final class RecordTypes {

    /** Parsed messages on their way from {@code parse} to {@code moderate} without stateful scoring (a network exchange: see ChatGuardJob). */
    public static final TypeInformation<ChatMessage> CHAT_MESSAGE = new Info<>(ChatMessage.class, ChatMessageSerializer.INSTANCE);

    private RecordTypes() {
    }

    /** Type information for an immutable record with a stateless serializer. */
    static final class Info<T> extends TypeInformation<T> {
        private static final long serialVersionUID = 1L;
        private final Class<T> type;
        private final TypeSerializer<T> serializer;

        Info(Class<T> type, TypeSerializer<T> serializer) {
            this.type = type;
            this.serializer = serializer;
        }

        @Override
        public boolean isBasicType() {
            return false;
        }

        @Override
        public boolean isTupleType() {
            return false;
        }

        @Override
        public int getArity() {
            return 1;
        }

        @Override
        public int getTotalFields() {
            return 1;
        }

        @Override
        public Class<T> getTypeClass() {
            return type;
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public TypeSerializer<T> createSerializer(SerializerConfig config) {
            return serializer;
        }

        @Override
        public String toString() {
            return "WireFormat<" + type.getSimpleName() + ">";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Info<?> i && i.type == type;
        }

        @Override
        public int hashCode() {
            return type.hashCode();
        }

        @Override
        public boolean canEqual(Object o) {
            return o instanceof Info<?>;
        }
    }

    /** Base of both serializers: records are immutable, so copies are the objects themselves. */
    abstract static class Serializer<T> extends TypeSerializerSingleton<T> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean isImmutableType() {
            return true;
        }

        @Override
        public T createInstance() {
            return null;
        }

        @Override
        public T copy(T from) {
            return from;
        }

        @Override
        public T copy(T from, T reuse) {
            return from;
        }

        @Override
        public int getLength() {
            return -1;
        }

        @Override
        public T deserialize(T reuse, DataInputView source) throws IOException {
            return deserialize(source);
        }

        @Override
        public void copy(DataInputView source, DataOutputView target) throws IOException {
            serialize(deserialize(source), target);
        }
    }

    public static final class ModeratedSerializer extends Serializer<Moderated> {
        private static final long serialVersionUID = 1L;
        public static final ModeratedSerializer INSTANCE = new ModeratedSerializer();

        @Override
        public void serialize(Moderated m, DataOutputView out) throws IOException {
            WireFormat.writeMessage(m.message(), out);
            WireFormat.writeVerdict(m.verdict(), out);
        }

        @Override
        public Moderated deserialize(DataInputView in) throws IOException {
            return new Moderated(WireFormat.readMessage(in), WireFormat.readVerdict(in));
        }

        @Override
        public TypeSerializerSnapshot<Moderated> snapshotConfiguration() {
            return new ModeratedSnapshot();
        }
    }

    public static final class ModeratedSnapshot extends SimpleTypeSerializerSnapshot<Moderated> {
        public ModeratedSnapshot() {
            super(() -> ModeratedSerializer.INSTANCE);
        }
    }

    public static final class AssessedSerializer extends Serializer<Assessed> {
        private static final long serialVersionUID = 1L;
        public static final AssessedSerializer INSTANCE = new AssessedSerializer();

        @Override
        public void serialize(Assessed a, DataOutputView out) throws IOException {
            WireFormat.writeMessage(a.message(), out);
            WireFormat.writeVerdict(a.verdict(), out);
            WireFormat.writeSignal(a.sender(), out);
        }

        @Override
        public Assessed deserialize(DataInputView in) throws IOException {
            return new Assessed(WireFormat.readMessage(in), WireFormat.readVerdict(in), WireFormat.readSignal(in));
        }

        @Override
        public TypeSerializerSnapshot<Assessed> snapshotConfiguration() {
            return new AssessedSnapshot();
        }
    }

    public static final class AssessedSnapshot extends SimpleTypeSerializerSnapshot<Assessed> {
        public AssessedSnapshot() {
            super(() -> AssessedSerializer.INSTANCE);
        }
    }

    public static final class ChatMessageSerializer extends Serializer<ChatMessage> {
        private static final long serialVersionUID = 1L;
        public static final ChatMessageSerializer INSTANCE = new ChatMessageSerializer();

        @Override
        public void serialize(ChatMessage m, DataOutputView out) throws IOException {
            WireFormat.writeMessage(m, out);
        }

        @Override
        public ChatMessage deserialize(DataInputView in) throws IOException {
            return WireFormat.readMessage(in);
        }

        @Override
        public TypeSerializerSnapshot<ChatMessage> snapshotConfiguration() {
            return new ChatMessageSnapshot();
        }
    }

    public static final class ChatMessageSnapshot extends SimpleTypeSerializerSnapshot<ChatMessage> {
        public ChatMessageSnapshot() {
            super(() -> ChatMessageSerializer.INSTANCE);
        }
    }

    public static final class SenderInputSerializer extends Serializer<SenderInput> {
        private static final long serialVersionUID = 1L;
        public static final SenderInputSerializer INSTANCE = new SenderInputSerializer();

        @Override
        public void serialize(SenderInput s, DataOutputView out) throws IOException {
            out.writeBoolean(s.message() != null);
            if (s.message() != null) {
                WireFormat.writeMessage(s.message(), out);
            } else {
                WireFormat.writeAction(s.action(), out);
            }
        }

        @Override
        public SenderInput deserialize(DataInputView in) throws IOException {
            return in.readBoolean() ? SenderInput.of(WireFormat.readMessage(in)) : SenderInput.of(WireFormat.readAction(in));
        }

        @Override
        public TypeSerializerSnapshot<SenderInput> snapshotConfiguration() {
            return new SenderInputSnapshot();
        }
    }

    public static final class SenderInputSnapshot extends SimpleTypeSerializerSnapshot<SenderInput> {
        public SenderInputSnapshot() {
            super(() -> SenderInputSerializer.INSTANCE);
        }
    }

    public static final class SenderInputFactory extends TypeInfoFactory<SenderInput> {
        @Override
        public TypeInformation<SenderInput> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new Info<>(SenderInput.class, SenderInputSerializer.INSTANCE);
        }
    }

    public static final class ModeratedFactory extends TypeInfoFactory<Moderated> {
        @Override
        public TypeInformation<Moderated> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new Info<>(Moderated.class, ModeratedSerializer.INSTANCE);
        }
    }

    public static final class AssessedFactory extends TypeInfoFactory<Assessed> {
        @Override
        public TypeInformation<Assessed> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new Info<>(Assessed.class, AssessedSerializer.INSTANCE);
        }
    }
}
