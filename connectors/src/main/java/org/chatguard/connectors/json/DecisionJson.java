package org.chatguard.connectors.json;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import org.chatguard.model.Category;
import org.chatguard.model.Decision;
import org.chatguard.model.RuleMatch;
import org.chatguard.model.Support;

/**
 * The JSON of a {@link Decision}, written field by field on the shared mapper's generator: the same bytes
 * as {@code EventJson.mapper().writeValueAsBytes(decision)} (the field order of the record, instants as
 * ISO-8601 via {@link #instant}, nulls written), without data binding's per-call set-up and reflective
 * property access. One decision is written per message, so this is on the job's hot path.
 */
final class DecisionJson {

    private DecisionJson() {
    }

    /**
     * One generator per thread, kept open and flushed after each decision: creating and closing a generator
     * per record (buffer recyclers, context) cost as much as writing the fields. No root-value separator,
     * so each record's bytes are exactly those of a fresh generator.
     */
    private static final class Writer {
        final ByteArrayBuilder bytes = new ByteArrayBuilder(512);
        final JsonGenerator g;

        Writer() throws IOException {
            g = EventJson.mapper().createGenerator(bytes, JsonEncoding.UTF8);
            g.setRootValueSeparator(null);
        }
    }

    private static final ThreadLocal<Writer> WRITER = new ThreadLocal<>();

    static byte[] toBytes(Decision d) throws IOException {
        Writer w = WRITER.get();
        if (w == null) {
            w = new Writer();
            WRITER.set(w);
        }
        w.bytes.reset();
        try {
            write(d, w.g);
            w.g.flush();
        } catch (IOException | RuntimeException e) {
            // the generator may be mid-record: start the next one on a fresh generator
            WRITER.remove();
            throw e;
        }
        return w.bytes.toByteArray();
    }

    private static void write(Decision d, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", d.id());
        g.writeFieldName("kind");
        writeEnum(g, d.kind());
        g.writeStringField("conversationId", d.conversationId());
        g.writeStringField("senderId", d.senderId());
        g.writeFieldName("action");
        writeEnum(g, d.action());
        g.writeStringField("displayText", d.displayText());
        g.writeFieldName("categories");
        g.writeStartArray();
        for (Category c : d.categories()) {
            writeEnum(g, c);
        }
        g.writeEndArray();
        g.writeFieldName("matches");
        g.writeStartArray();
        for (RuleMatch m : d.matches()) {
            g.writeStartObject();
            g.writeStringField("ruleId", m.ruleId());
            g.writeFieldName("category");
            writeEnum(g, m.category());
            g.writeNumberField("severity", m.severity());
            g.writeFieldName("action");
            writeEnum(g, m.action());
            g.writeNumberField("start", m.start());
            g.writeNumberField("end", m.end());
            g.writeStringField("stage", m.stage());
            if (m.messageIds() != null) {
                // only on split-word matches (NON_NULL in RuleMatch, as the mapper writes it)
                g.writeFieldName("messageIds");
                writeStrings(g, m.messageIds());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeFieldName("reasons");
        writeStrings(g, d.reasons());
        g.writeStringField("rulePackVersion", d.rulePackVersion());
        g.writeFieldName("sentAt");
        writeInstant(g, d.sentAt());
        g.writeFieldName("decidedAt");
        writeInstant(g, d.decidedAt());
        g.writeStringField("modelVersion", d.modelVersion()); // the mapper's order: record components
        g.writeFieldName("support");
        Support s = d.support();
        if (s == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            g.writeStringField("category", s.category());
            g.writeStringField("message", s.message());
            g.writeFieldName("resources");
            g.writeStartArray();
            for (Support.Resource r : s.resources()) {
                g.writeStartObject();
                g.writeStringField("name", r.name());
                g.writeStringField("phone", r.phone());
                g.writeStringField("url", r.url());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeStringField("channel", d.channel());
        g.writeStringField("language", d.language());
        g.writeEndObject();
    }

    private static void writeEnum(JsonGenerator g, Enum<?> e) throws IOException {
        if (e == null) {
            g.writeNull();
        } else {
            g.writeString(e.name());
        }
    }

    private static void writeStrings(JsonGenerator g, List<String> list) throws IOException {
        g.writeStartArray();
        for (String s : list) {
            g.writeString(s);
        }
        g.writeEndArray();
    }

    private static void writeInstant(JsonGenerator g, Instant t) throws IOException {
        if (t == null) {
            g.writeNull();
        } else {
            g.writeString(instant(t));
        }
    }

    /** {@link Instant#toString()} (ISO_INSTANT: seconds always, fraction in groups of three digits), fast for years 0-9999. */
    static String instant(Instant t) {
        long secs = t.getEpochSecond();
        // 0000-01-01T00:00:00Z .. 9999-12-31T23:59:59Z
        if (secs < -62_167_219_200L || secs > 253_402_300_799L) {
            return t.toString();
        }
        long days = Math.floorDiv(secs, 86_400L);
        int secOfDay = (int) Math.floorMod(secs, 86_400L);
        // civil-from-days (H. Hinnant), proleptic Gregorian as java.time
        long z = days + 719_468L;
        long era = Math.floorDiv(z, 146_097L);
        long doe = z - era * 146_097L;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
        int nano = t.getNano();
        char[] c = new char[30];
        put(c, 0, year, 4);
        c[4] = '-';
        put(c, 5, month, 2);
        c[7] = '-';
        put(c, 8, day, 2);
        c[10] = 'T';
        put(c, 11, secOfDay / 3600, 2);
        c[13] = ':';
        put(c, 14, secOfDay / 60 % 60, 2);
        c[16] = ':';
        put(c, 17, secOfDay % 60, 2);
        int n = 19;
        if (nano != 0) {
            c[n++] = '.';
            if (nano % 1_000_000 == 0) {
                put(c, n, nano / 1_000_000, 3);
                n += 3;
            } else if (nano % 1_000 == 0) {
                put(c, n, nano / 1_000, 6);
                n += 6;
            } else {
                put(c, n, nano, 9);
                n += 9;
            }
        }
        c[n++] = 'Z';
        return new String(c, 0, n);
    }

    private static void put(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
