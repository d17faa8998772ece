package org.chatguard.load.capture;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.chatguard.connectors.json.MessageParser;
import org.chatguard.load.gen.MessageJson;
import org.chatguard.model.ChatMessage;

/**
 * JSONL capture files: one input message per line, exactly the JSON the site publishes (so a capture
 * taken from a real topic replays as is).
 */
public final class Capture {

    private Capture() {
    }

    /** Writes one message per line. */
    public static final class Writer implements AutoCloseable {
        private final OutputStream out;
        private long lines;

        public Writer(Path file) throws IOException {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        }

        public void write(ChatMessage m) throws IOException {
            writeRaw(MessageJson.toBytes(m));
        }

        /** A record as is (it must not contain a newline; JSON from {@link MessageJson} never does). */
        public void writeRaw(byte[] json) throws IOException {
            out.write(json);
            out.write('\n');
            lines++;
        }

        public long lines() {
            return lines;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** A capture read into memory; {@code invalid} lines (not valid messages) were skipped. */
    public record Loaded(List<ChatMessage> messages, long invalid) {
    }

    /**
     * Reads a whole capture (blank lines skipped).
     *
     * @param max          read at most this many messages
     * @param skipInvalid  skip lines that are not valid messages (counted) instead of failing with their
     *                     line number (never their content)
     */
    public static Loaded read(Path file, int max, boolean skipInvalid) throws IOException {
        MessageParser parser = new MessageParser();
        List<ChatMessage> out = new ArrayList<>();
        long invalid = 0;
        // bytes, not a Reader: a line with invalid UTF-8 must be one skipped line, not a failed read
        try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(512);
            long n = 0;
            int b;
            boolean eof = false;
            while (!eof && out.size() < max) {
                line.reset();
                while ((b = in.read()) != -1 && b != '\n') {
                    line.write(b);
                }
                eof = b == -1;
                n++;
                byte[] bytes = line.toByteArray();
                if (isBlank(bytes)) {
                    continue;
                }
                MessageParser.Result res = parser.parse(bytes, null);
                if (!res.ok()) {
                    if (skipInvalid) {
                        invalid++;
                        continue;
                    }
                    throw new IOException(file + " line " + n + ": " + res.error());
                }
                out.add(res.message());
            }
        }
        return new Loaded(out, invalid);
    }

    private static boolean isBlank(byte[] b) {
        for (byte x : b) {
            if (x != ' ' && x != '\t' && x != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Convenience for small files and tests. */
    public static void write(Path file, Iterable<ChatMessage> messages) throws IOException {
        try (Writer w = new Writer(file)) {
            for (ChatMessage m : messages) {
                w.write(m);
            }
        }
    }

}
