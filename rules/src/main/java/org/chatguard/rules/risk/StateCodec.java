package org.chatguard.rules.risk;

import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Compact binary form of the risk state. Hand-written rather than Kryo/POJO so that a value stays a few
 * hundred bytes (RocksDB reads and writes it whole on every access) and so the format is versioned
 * explicitly: the first byte is the format version and readers refuse versions they do not know.
 *
 * <p>The byte layout is exactly that of {@link java.io.DataOutputStream} (big-endian numbers, strings as
 * {@code writeUTF}: a two-byte length and modified UTF-8), so values written by earlier versions read
 * unchanged and values written now read in earlier versions. {@link Out} and {@link In} work on a byte
 * array directly: the conversation stage decodes its state on every message, and
 * {@code DataInputStream.readUTF} (two scratch arrays per stream, a char-by-char loop) was a tenth of
 * that stage's time. Plain ASCII, what ids are made of, is copied in one step.
 */
final class StateCodec {

    private StateCodec() {
    }

    interface Body {
        void write(Out out) throws IOException;
    }

    interface Reader<T> {
        T read(In in, int version) throws IOException;
    }

    static byte[] encode(int version, Body body) {
        Out out = new Out(128);
        try {
            out.writeByte(version);
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static <T> T decode(byte[] bytes, int maxVersion, String what, Reader<T> reader) {
        try {
            In in = new In(bytes);
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
    static void writeString(Out out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    static String readString(In in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    /** Writes what {@link java.io.DataOutputStream} would, into a growing array. */
    static final class Out {
        private byte[] buf;
        private int n;

        Out(int capacity) {
            buf = new byte[capacity];
        }

        private void ensure(int more) {
            if (n + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
            }
        }

        void writeByte(int v) {
            ensure(1);
            buf[n++] = (byte) v;
        }

        void writeBoolean(boolean v) {
            writeByte(v ? 1 : 0);
        }

        void writeShort(int v) {
            ensure(2);
            buf[n++] = (byte) (v >>> 8);
            buf[n++] = (byte) v;
        }

        void writeInt(int v) {
            ensure(4);
            buf[n++] = (byte) (v >>> 24);
            buf[n++] = (byte) (v >>> 16);
            buf[n++] = (byte) (v >>> 8);
            buf[n++] = (byte) v;
        }

        void writeLong(long v) {
            writeInt((int) (v >>> 32));
            writeInt((int) v);
        }

        void writeFloat(float v) {
            writeInt(Float.floatToIntBits(v));
        }

        /** Modified UTF-8 with a two-byte length, as {@code DataOutputStream.writeUTF}. */
        void writeUTF(String s) throws UTFDataFormatException {
            int len = s.length();
            int bytes = len;
            for (int i = 0; i < len; i++) {
                char c = s.charAt(i);
                if (c >= 0x80 || c == 0) {
                    bytes += c >= 0x800 ? 2 : 1;
                }
            }
            if (bytes > 65535) {
                throw new UTFDataFormatException("encoded string too long: " + bytes + " bytes");
            }
            ensure(2 + bytes);
            buf[n++] = (byte) (bytes >>> 8);
            buf[n++] = (byte) bytes;
            if (bytes == len) {
                for (int i = 0; i < len; i++) {
                    buf[n++] = (byte) s.charAt(i);
                }
                return;
            }
            for (int i = 0; i < len; i++) {
                char c = s.charAt(i);
                if (c >= 0x01 && c <= 0x7F) {
                    buf[n++] = (byte) c;
                } else if (c > 0x07FF) {
                    buf[n++] = (byte) (0xE0 | ((c >> 12) & 0x0F));
                    buf[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    buf[n++] = (byte) (0x80 | (c & 0x3F));
                } else {
                    buf[n++] = (byte) (0xC0 | ((c >> 6) & 0x1F));
                    buf[n++] = (byte) (0x80 | (c & 0x3F));
                }
            }
        }

        void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, n, len);
            n += len;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, n);
        }
    }

    /** Reads what {@link java.io.DataInputStream} would, from an array; a short array is an {@link EOFException}. */
    static final class In {
        private final byte[] buf;
        private int pos;

        In(byte[] buf) {
            this.buf = buf;
        }

        private void need(int k) throws EOFException {
            if (pos + k > buf.length) {
                throw new EOFException();
            }
        }

        int position() {
            return pos;
        }

        void skip(int k) throws EOFException {
            need(k);
            pos += k;
        }

        int readUnsignedByte() throws EOFException {
            need(1);
            return buf[pos++] & 0xFF;
        }

        boolean readBoolean() throws EOFException {
            return readUnsignedByte() != 0;
        }

        int readUnsignedShort() throws EOFException {
            need(2);
            int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
            pos += 2;
            return v;
        }

        int readInt() throws EOFException {
            need(4);
            int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8)
                    | (buf[pos + 3] & 0xFF);
            pos += 4;
            return v;
        }

        long readLong() throws EOFException {
            long hi = readInt();
            return (hi << 32) | (readInt() & 0xFFFFFFFFL);
        }

        float readFloat() throws EOFException {
            return Float.intBitsToFloat(readInt());
        }

        String readUTF() throws IOException {
            int len = readUnsignedShort();
            need(len);
            int start = pos;
            for (int i = start; i < start + len; i++) {
                if (buf[i] < 0) {
                    String s = decodeModifiedUtf8(buf, start, len);
                    pos = start + len;
                    return s;
                }
            }
            pos = start + len;
            return new String(buf, start, len, StandardCharsets.ISO_8859_1);
        }

        /** {@code DataInputStream.readUTF}'s decoding: accepts and refuses the same byte sequences. */
        private static String decodeModifiedUtf8(byte[] b, int from, int len) throws UTFDataFormatException {
            char[] out = new char[len];
            int n = 0;
            int i = from;
            int end = from + len;
            while (i < end) {
                int c = b[i] & 0xFF;
                switch (c >> 4) {
                    case 0, 1, 2, 3, 4, 5, 6, 7 -> {
                        out[n++] = (char) c;
                        i++;
                    }
                    case 12, 13 -> {
                        if (i + 2 > end) {
                            throw new UTFDataFormatException("malformed input: partial character at end");
                        }
                        int c2 = b[i + 1];
                        if ((c2 & 0xC0) != 0x80) {
                            throw new UTFDataFormatException("malformed input around byte " + (i - from));
                        }
                        out[n++] = (char) (((c & 0x1F) << 6) | (c2 & 0x3F));
                        i += 2;
                    }
                    case 14 -> {
                        if (i + 3 > end) {
                            throw new UTFDataFormatException("malformed input: partial character at end");
                        }
                        int c2 = b[i + 1];
                        int c3 = b[i + 2];
                        if ((c2 & 0xC0) != 0x80 || (c3 & 0xC0) != 0x80) {
                            throw new UTFDataFormatException("malformed input around byte " + (i - from + 1));
                        }
                        out[n++] = (char) (((c & 0x0F) << 12) | ((c2 & 0x3F) << 6) | (c3 & 0x3F));
                        i += 3;
                    }
                    default -> throw new UTFDataFormatException("malformed input around byte " + (i - from));
                }
            }
            return new String(out, 0, n);
        }
    }
}
