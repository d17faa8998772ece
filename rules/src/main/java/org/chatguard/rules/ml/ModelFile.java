package org.chatguard.rules.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The model file ({@code .cgm}): what {@code chatguard train} writes and the engine loads, whole or not at all.
 *
 * <pre>
 * "CGML"                magic
 * int32  format         {@link #FORMAT} (readers reject other formats)
 * int32  headerLength   then that many bytes of UTF-8 JSON: {"version", "bits", "concerns", "featureSet", "info"}
 * float32[C] scale, float32[C] bias, float32[C] thresholds   (C = number of concerns, in header order)
 * int32  weightsLength  = 2^bits * C signed bytes (bucket-major, concern-minor) once inflated
 * int32  packedLength   then that many bytes: the weights, deflated (zlib, level 9)
 * byte[32] SHA-256 of every byte before it
 * </pre>
 *
 * Big-endian throughout. Deflating takes the default model from 1 MiB to about 0.7 MB, under Kafka's
 * default 1 MB record limit, so a model can be published on the rule-updates topic like a pack. The header has no timestamps and {@code info} is written in key order, so the same
 * model gives the same bytes. The loader checks magic, format, header fields, every length, the exact file
 * size and the checksum before anything is used, and says which check failed.
 */
public final class ModelFile {

    public static final int FORMAT = 1;
    /** Names the feature extraction the weights were trained on; a reader with another one must not use them. */
    public static final String FEATURE_SET = "chat-analyzer/squeezed/words1-2+chars3-5/v2";
    private static final byte[] MAGIC = {'C', 'G', 'M', 'L'};
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Refuses files that claim more than this (2^24 buckets x 8 concerns): a corrupt length must not allocate gigabytes. */
    static final int MAX_WEIGHTS = (1 << 24) * 8;

    private ModelFile() {}

    public static byte[] write(LinearModel m) {
        try {
            ObjectNode h = JSON.createObjectNode();
            h.put("version", m.version());
            h.put("bits", m.bits());
            ArrayNode cs = h.putArray("concerns");
            m.concerns().forEach(c -> cs.add(c.name()));
            h.put("featureSet", FEATURE_SET);
            ObjectNode info = h.putObject("info");
            new TreeMap<>(m.info()).forEach(info::put);
            byte[] header = JSON.writeValueAsBytes(h);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(m.weights().length + header.length + 128);
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeInt(FORMAT);
            out.writeInt(header.length);
            out.write(header);
            for (float f : m.scale()) {
                out.writeFloat(f);
            }
            for (float f : m.bias()) {
                out.writeFloat(f);
            }
            for (float f : m.thresholds()) {
                out.writeFloat(f);
            }
            out.writeInt(m.weights().length);
            byte[] packed = deflate(m.weights());
            out.writeInt(packed.length);
            out.write(packed);
            out.flush();
            byte[] body = bytes.toByteArray();
            byte[] sum = sha256(body, body.length);
            byte[] all = Arrays.copyOf(body, body.length + sum.length);
            System.arraycopy(sum, 0, all, body.length, sum.length);
            return all;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // in-memory streams do not fail
        }
    }

    public static void write(LinearModel m, Path p) throws IOException {
        Files.write(p, write(m));
    }

    public static LinearModel read(Path p) throws ModelFileException {
        byte[] b;
        try {
            if (Files.size(p) > MAX_WEIGHTS + (1 << 20)) {
                throw new ModelFileException(p.toString(), "file too large to be a model (" + Files.size(p) + " bytes)");
            }
            b = Files.readAllBytes(p);
        } catch (IOException e) {
            throw new ModelFileException(p.toString(), "cannot read: " + e.getMessage(), e);
        }
        return read(b, p.toString());
    }

    public static LinearModel read(InputStream in, String source) throws ModelFileException {
        try {
            return read(in.readNBytes(MAX_WEIGHTS + (1 << 20)), source);
        } catch (IOException e) {
            throw new ModelFileException(source, "cannot read: " + e.getMessage(), e);
        }
    }

    public static LinearModel read(byte[] b, String source) throws ModelFileException {
        if (b.length < MAGIC.length + 8 + 32) {
            throw new ModelFileException(source, "truncated: " + b.length + " bytes is shorter than any model file");
        }
        if (!Arrays.equals(Arrays.copyOf(b, 4), MAGIC)) {
            throw new ModelFileException(source, "not a ChatGuard model file (bad magic)");
        }
        ByteBuffer buf = ByteBuffer.wrap(b, 0, b.length - 32);
        buf.position(4);
        int format = buf.getInt();
        if (format != FORMAT) {
            throw new ModelFileException(source, "unsupported model format " + format + " (this reader knows " + FORMAT + ")");
        }
        byte[] expected = sha256(b, b.length - 32);
        if (!Arrays.equals(expected, Arrays.copyOfRange(b, b.length - 32, b.length))) {
            throw new ModelFileException(source, "checksum mismatch: the file is truncated or corrupt");
        }
        try {
            int hl = buf.getInt();
            if (hl <= 0 || hl > buf.remaining()) {
                throw new ModelFileException(source, "bad header length " + hl);
            }
            byte[] hb = new byte[hl];
            buf.get(hb);
            JsonNode h;
            try {
                h = JSON.readTree(hb);
            } catch (IOException e) {
                throw new ModelFileException(source, "header is not JSON");
            }
            String version = text(h, "version", source);
            if (version.isBlank() || version.length() > 100) {
                throw new ModelFileException(source, "header.version must be 1-100 characters");
            }
            if (!h.path("bits").isInt() || h.get("bits").asInt() < 8 || h.get("bits").asInt() > 24) {
                throw new ModelFileException(source, "header.bits must be an integer from 8 to 24");
            }
            int bits = h.get("bits").asInt();
            if (!FEATURE_SET.equals(h.path("featureSet").asText(null))) {
                throw new ModelFileException(source, "header.featureSet '" + h.path("featureSet").asText("") + "' is not "
                        + FEATURE_SET + " (trained on other features)");
            }
            List<Concern> concerns = new ArrayList<>();
            if (!h.path("concerns").isArray() || h.get("concerns").isEmpty()) {
                throw new ModelFileException(source, "header.concerns must be a non-empty list");
            }
            for (JsonNode c : h.get("concerns")) {
                Concern k;
                try {
                    k = Concern.valueOf(c.asText());
                } catch (IllegalArgumentException e) {
                    throw new ModelFileException(source, "header.concerns: unknown concern '" + c.asText() + "'");
                }
                if (concerns.contains(k)) {
                    throw new ModelFileException(source, "header.concerns: " + k + " twice");
                }
                concerns.add(k);
            }
            Map<String, String> info = new LinkedHashMap<>();
            h.path("info").fields().forEachRemaining(e -> info.put(e.getKey(), e.getValue().asText()));
            int c = concerns.size();
            float[] scale = floats(buf, c);
            float[] bias = floats(buf, c);
            float[] thr = floats(buf, c);
            for (int i = 0; i < c; i++) {
                if (!Float.isFinite(scale[i]) || scale[i] <= 0 || !Float.isFinite(bias[i])) {
                    throw new ModelFileException(source, "scale/bias of " + concerns.get(i) + " not finite and positive");
                }
                if (!(thr[i] >= 0 && thr[i] <= Thresholds.OFF)) {
                    throw new ModelFileException(source, "threshold of " + concerns.get(i) + " must be a probability: " + thr[i]);
                }
            }
            int wl = buf.getInt();
            long expect = (1L << bits) * c;
            if (wl != expect) {
                throw new ModelFileException(source, "weights length " + wl + " does not match 2^" + bits + " x " + c + " concerns");
            }
            int pl = buf.getInt();
            if (pl <= 0 || pl != buf.remaining()) {
                throw new ModelFileException(source, "packed weights are " + buf.remaining() + " bytes, header says " + pl);
            }
            byte[] packed = new byte[pl];
            buf.get(packed);
            byte[] w = inflate(packed, wl, source);
            return new LinearModel(version, bits, concerns, w, scale, bias, thr, info);
        } catch (java.nio.BufferUnderflowException e) {
            throw new ModelFileException(source, "truncated: a section ends past the end of the file");
        }
    }

    private static byte[] deflate(byte[] b) {
        java.util.zip.Deflater d = new java.util.zip.Deflater(9);
        try {
            d.setInput(b);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(b.length / 2);
            byte[] chunk = new byte[64 * 1024];
            while (!d.finished()) {
                out.write(chunk, 0, d.deflate(chunk));
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    /** Inflates exactly {@code length} bytes; anything shorter, longer or malformed is a corrupt file. */
    private static byte[] inflate(byte[] packed, int length, String source) throws ModelFileException {
        java.util.zip.Inflater inf = new java.util.zip.Inflater();
        try {
            inf.setInput(packed);
            byte[] out = new byte[length];
            int n = 0;
            while (n < length) {
                int k = inf.inflate(out, n, length - n);
                if (k == 0 && (inf.finished() || inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                n += k;
            }
            if (n == length && !inf.finished()) {
                inf.inflate(new byte[1]); // a well-formed stream of exactly `length` bytes ends here
            }
            if (n != length || !inf.finished() || inf.getRemaining() != 0) {
                throw new ModelFileException(source, "packed weights do not inflate to exactly " + length + " bytes");
            }
            return out;
        } catch (java.util.zip.DataFormatException e) {
            throw new ModelFileException(source, "packed weights are corrupt: " + e.getMessage());
        } finally {
            inf.end();
        }
    }

    private static String text(JsonNode h, String field, String source) throws ModelFileException {
        if (h == null || !h.path(field).isTextual()) {
            throw new ModelFileException(source, "header." + field + " missing");
        }
        return h.get(field).asText();
    }

    private static float[] floats(ByteBuffer b, int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = b.getFloat();
        }
        return f;
    }

    static byte[] sha256(byte[] b, int len) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(b, 0, len);
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** Hex of the first bytes of the checksum of {@code b}: a short fingerprint of a model's exact bytes. */
    public static String fingerprint(byte[] b) {
        byte[] s = sha256(b, b.length);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            sb.append(String.format("%02x", s[i]));
        }
        return sb.toString();
    }
}
