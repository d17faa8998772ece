package org.chatguard.load.capture;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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

    /**
     * Reads a whole capture (blank lines skipped). Lines that are not valid messages fail the read
     * with their line number, never with their content.
     *
     * @param max read at most this many messages
     */
    public static List<ChatMessage> read(Path file, int max) throws IOException {
        MessageParser parser = new MessageParser();
        List<ChatMessage> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long n = 0;
            while ((line = r.readLine()) != null && out.size() < max) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                MessageParser.Result res = parser.parse(line.getBytes(StandardCharsets.UTF_8), null);
                if (!res.ok()) {
                    throw new IOException(file + " line " + n + ": " + res.error());
                }
                out.add(res.message());
            }
        }
        return out;
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
