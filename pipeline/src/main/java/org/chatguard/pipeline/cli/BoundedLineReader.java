package org.chatguard.pipeline.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads newline-separated lines as bytes, keeping at most {@code maxBytes} of any line: a longer line is
 * counted and skipped, never buffered, so one huge line cannot exhaust memory and the lines after it are
 * still read. Bytes, not characters: the line is checked as the job checks a record (size, then UTF-8).
 */
final class BoundedLineReader {

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int end;
    private byte[] line = new byte[256];
    private int length;
    private long fullLength;

    BoundedLineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** Advances to the next line; false at the end of input. A final line without a newline counts. */
    boolean next() throws IOException {
        length = 0;
        fullLength = 0;
        boolean any = false;
        while (true) {
            if (pos == end) {
                end = in.read(buf, 0, buf.length);
                pos = 0;
                if (end <= 0) {
                    end = 0;
                    return any;
                }
            }
            any = true;
            int start = pos;
            while (pos < end && buf[pos] != '\n') {
                pos++;
            }
            keep(start, pos - start);
            if (pos < end) {
                pos++; // the newline
                if (fullLength > 0 && fullLength <= maxBytes && line[length - 1] == '\r') {
                    length--;
                    fullLength--;
                }
                return true;
            }
        }
    }

    private void keep(int from, int n) {
        fullLength += n;
        if (fullLength > maxBytes) {
            return;
        }
        if (length + n > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
        }
        System.arraycopy(buf, from, line, length, n);
        length += n;
    }

    /** Whether the current line was longer than the bound (its bytes were not kept). */
    boolean tooLong() {
        return fullLength > maxBytes;
    }

    /** The current line's length in bytes, also when it was too long. */
    long fullLength() {
        return fullLength;
    }

    /** The current line's bytes; only when not {@link #tooLong()}. */
    byte[] bytes() {
        return Arrays.copyOf(line, length);
    }

    /** Whether the current line holds nothing but ASCII whitespace. */
    boolean blank() {
        for (int i = 0; i < length; i++) {
            if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r') {
                return false;
            }
        }
        return !tooLong();
    }
}
