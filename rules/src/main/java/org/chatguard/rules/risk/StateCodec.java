package org.chatguard.rules.risk;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Compact binary form of the risk state. Hand-written rather than Kryo/POJO so that a value stays a few
 * hundred bytes (RocksDB reads and writes it whole on every access) and so the format is versioned
 * explicitly: the first byte is the format version and readers refuse versions they do not know.
 */
final class StateCodec {

    private StateCodec() {
    }

    interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    interface Reader<T> {
        T read(DataInputStream in, int version) throws IOException;
    }

    static byte[] encode(int version, Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(version);
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static <T> T decode(byte[] bytes, int maxVersion, String what, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version < 1 || version > maxVersion) {
                throw new IllegalStateException(what + " state has unknown format version " + version);
            }
            return reader.read(in, version);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt " + what + " state", e);
        }
    }

    /** Nullable strings: ids are short, so a length-prefixed UTF is fine. */
    static void writeString(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    static String readString(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
