package org.chatguard.rules.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The model file is loaded whole or rejected whole, with the reason. */
class ModelFileTest {

    static LinearModel small() {
        int bits = 8;
        List<Concern> cs = List.of(Concern.values());
        byte[] w = new byte[(1 << bits) * cs.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = (byte) ((i * 37) % 255 - 127);
        }
        return new LinearModel("test-1", bits, cs, w, new float[] {0.01f, 0.02f, 0.03f, 0.04f}, new float[] {-1, -2, -3, -4},
                new float[] {0.5f, 0.6f, 0.7f, 0.8f}, Map.of("seed", "1"));
    }

    @Test
    void roundTripKeepsEverything() throws Exception {
        LinearModel m = small();
        byte[] b = ModelFile.write(m);
        LinearModel r = ModelFile.read(b, "t");
        assertEquals(m.version(), r.version());
        assertEquals(m.concerns(), r.concerns());
        assertArrayEquals(m.weights(), r.weights());
        assertArrayEquals(m.thresholds(), r.thresholds());
        assertArrayEquals(m.scale(), r.scale());
        assertArrayEquals(m.bias(), r.bias());
        assertEquals(Map.of("seed", "1"), r.info());
        assertArrayEquals(b, ModelFile.write(r), "same model, same bytes");
    }

    @Test
    void truncatedFileIsRejected() {
        byte[] b = ModelFile.write(small());
        for (int len : new int[] {0, 3, 20, b.length / 2, b.length - 1}) {
            ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.read(Arrays.copyOf(b, len), "m.cgm"));
            assertTrue(e.getMessage().startsWith("m.cgm: "), e.getMessage());
            assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("checksum")
                    || e.getMessage().contains("magic"), e.getMessage());
        }
    }

    @Test
    void anyFlippedByteFailsTheChecksum() {
        byte[] b = ModelFile.write(small());
        for (int pos : new int[] {8, 20, b.length / 2, b.length - 40, b.length - 1}) {
            byte[] c = b.clone();
            c[pos] ^= 0x10;
            ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.read(c, "m.cgm"));
            assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        }
    }

    @Test
    void badMagicAndFormatAreNamed() {
        byte[] b = ModelFile.write(small());
        byte[] magic = b.clone();
        magic[0] = 'X';
        assertTrue(assertThrows(ModelFileException.class, () -> ModelFile.read(magic, "m")).getMessage().contains("magic"));
        byte[] format = b.clone();
        format[7] = 9;
        assertTrue(assertThrows(ModelFileException.class, () -> ModelFile.read(format, "m")).getMessage()
                .contains("unsupported model format 9"));
    }

    /** A consistent checksum over a bad header: the field checks, not the checksum, must catch it. */
    @Test
    void headerFieldsAreValidatedEvenWithAGoodChecksum() {
        byte[] b = ModelFile.write(small());
        assertTrue(reject(b, "\"bits\":8", "\"bits\":40").contains("header.bits"));
        assertTrue(reject(b, "\"SEXUAL\"", "\"SEXY!!\"").contains("unknown concern"));
        assertTrue(reject(b, "\"SEXUAL\"", "\"GROOMING\"").contains("twice"));
        assertTrue(reject(b, "chat-analyzer", "other-analyzer").contains("featureSet"));
        assertTrue(reject(b, "\"bits\":8", "\"bits\":9").contains("weights length"));
    }

    private static String reject(byte[] b, String from, String to) {
        int headerLen = ByteBuffer.wrap(b, 8, 4).getInt();
        String header = new String(b, 12, headerLen, StandardCharsets.UTF_8);
        assertTrue(header.contains(from), header);
        byte[] nh = header.replace(from, to).getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(b.length - headerLen + nh.length);
        out.put(b, 0, 8).putInt(nh.length).put(nh).put(b, 12 + headerLen, b.length - 32 - 12 - headerLen);
        byte[] body = Arrays.copyOf(out.array(), out.position());
        byte[] sum = ModelFile.sha256(body, body.length);
        byte[] all = Arrays.copyOf(body, body.length + 32);
        System.arraycopy(sum, 0, all, body.length, 32);
        return assertThrows(ModelFileException.class, () -> ModelFile.read(all, "m")).getMessage();
    }

    @Test
    void theBundledModelLoadsAndFitsItsBudget() throws Exception {
        LinearModel m = ModelDetector.defaultModel();
        assertEquals(List.of(Concern.values()), m.concerns());
        int size = ModelFile.write(m).length;
        assertTrue(size <= 4 * 1024 * 1024, "shipped model within the 4 MiB budget: " + size);
    }
}
