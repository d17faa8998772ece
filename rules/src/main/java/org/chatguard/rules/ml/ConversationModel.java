package org.chatguard.rules.ml;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.chatguard.model.Category;
import org.chatguard.model.Tier;

/**
 * The conversation model (issue 18 item 3): one logistic head per (category, tier) staff should see, scored per
 * sender over the conversation so far. A sender's features are three groups, so that asymmetry decides, not
 * single words:
 * <ul>
 * <li><b>self</b>: the hashed word, bigram and character n-grams (the message models' {@link Featurizer}, so
 *     evasions arrive folded) of everything the sender wrote, summed and divided by √(their messages);</li>
 * <li><b>others</b>: the same over everything the other participants wrote (the child's answers to an adult's
 *     questions, the friends' "lol" after a threat), in a separate hash space;</li>
 * <li><b>dense</b> ({@link #dense}): how much each side wrote, the highest message-model score per concern on each
 *     side, the grooming stages only this sender showed, how much of each side is questions.</li>
 * </ul>
 * The score is linear in the sums, so the running state needs only one number per head and side per sender
 * ({@link #contributions}): what {@code ConversationModelSignal} keeps. Trained by {@link ConversationTraining}
 * ({@code chatguard train-conversations}) on the corpus's dev split; file format in {@link #write}.
 */
public final class ConversationModel {

    /** What a head raises: a concern at a tier. */
    public record Head(Category category, Tier tier) {
        public String code() {
            return category.name().toLowerCase(Locale.ROOT).replace('_', '-') + "/" + tier.name().toLowerCase(Locale.ROOT);
        }
    }

    /** Dense features per sender, see {@link #dense}. */
    public static final int DENSE = 16 + 2 * Cue.values().length + 1;
    private static final int MAGIC = 0x4347434D; // "CGCM"
    private static final int FORMAT = 1;
    public static final String DEFAULT_RESOURCE = "/org/chatguard/rules/ml/default-conversation-model.cgcm";

    private final String version;
    private final int bits;
    private final List<Head> heads;
    private final float[] bias;
    /** Per head: self buckets, then others' buckets, then the dense weights. */
    private final float[][] weights;
    private final float[] threshold;
    private final ThreadLocal<Featurizer> featurizer;
    /**
     * The bucket weights again, bucket-major: per bucket, each head's self and others' weight side by side, so
     * {@link #contributions} reads one cache line per feature instead of two per feature and head (the random
     * reads into a megabyte of weights were the conversation model's cost per message).
     */
    private final float[] byBucket;

    public ConversationModel(String version, int bits, List<Head> heads, float[] bias, float[][] weights, float[] threshold) {
        if (heads.isEmpty() || bias.length != heads.size() || weights.length != heads.size() || threshold.length != heads.size()) {
            throw new IllegalArgumentException("one bias, weight row and threshold per head");
        }
        for (float[] w : weights) {
            if (w.length != width(bits)) {
                throw new IllegalArgumentException("weight row of " + w.length + ", expected " + width(bits));
            }
        }
        this.version = version;
        this.bits = bits;
        this.heads = List.copyOf(heads);
        this.bias = bias;
        this.weights = weights;
        int b = 1 << bits;
        int hs = weights.length;
        this.byBucket = new float[b * 2 * hs];
        for (int i = 0; i < b; i++) {
            for (int h = 0; h < hs; h++) {
                byBucket[(i * hs + h) * 2] = weights[h][i];
                byBucket[(i * hs + h) * 2 + 1] = weights[h][b + i];
            }
        }
        this.threshold = threshold;
        this.featurizer = ThreadLocal.withInitial(() -> new Featurizer(bits));
    }

    static int width(int bits) {
        return 2 * (1 << bits) + DENSE;
    }

    public String version() {
        return version;
    }

    public int bits() {
        return bits;
    }

    public List<Head> heads() {
        return heads;
    }

    public float threshold(int head) {
        return threshold[head];
    }

    public ConversationModel withThresholds(float[] t) {
        return new ConversationModel(version, bits, heads, bias, weights, t.clone());
    }

    public long memoryBytes() {
        return 4L * weights.length * width(bits) + 64;
    }

    /** A message as features: bucket indices and values (word and character groups each L2-normalised). */
    public record Vector(int[] index, float[] value) {
    }

    public Vector vector(String text) {
        return vector(featurizer.get().of(text == null ? "" : text));
    }

    static Vector vector(Featurizer f) {
        int n = f.size;
        int[] idx = new int[n];
        float[] val = new float[n];
        float wv = (float) f.wordValue();
        float cv = (float) f.charValue();
        for (int i = 0; i < n; i++) {
            idx[i] = f.bucket[i];
            val[i] = f.kind[i] == Featurizer.CHAR ? cv : wv;
        }
        return new Vector(idx, val);
    }

    /**
     * What one message adds to the running sums: {@code out[2h]} to its sender's self sum of head h,
     * {@code out[2h+1]} to every other participant's others' sum.
     */
    public void contributions(Vector v, float[] out) {
        int hs = heads.size();
        double[] sums = new double[2 * hs];
        // per head the same additions in the same order as head by head: the same floats
        for (int i = 0; i < v.index.length; i++) {
            int at = v.index[i] * 2 * hs;
            float x = v.value[i];
            for (int k = 0; k < 2 * hs; k++) {
                sums[k] += byBucket[at + k] * x;
            }
        }
        for (int k = 0; k < 2 * hs; k++) {
            out[k] = (float) sums[k];
        }
    }

    /**
     * The head's probability for a sender: {@code selfSum}, {@code othersSum} are the sums of {@link #contributions}
     * over the sender's and the others' messages, {@code dense} from {@link #dense}.
     */
    public double score(int head, double selfSum, int nSelf, double othersSum, int nOthers, double[] dense) {
        float[] w = weights[head];
        int off = 2 * (1 << bits);
        double z = bias[head];
        if (nSelf > 0) {
            z += selfSum / Math.sqrt(nSelf);
        }
        if (nOthers > 0) {
            z += othersSum / Math.sqrt(nOthers);
        }
        for (int j = 0; j < DENSE; j++) {
            z += w[off + j] * dense[j];
        }
        return 1 / (1 + Math.exp(-z));
    }

    /**
     * The dense features of a sender, the same in training and at run time.
     *
     * @param maxSelf    the highest message-model score per {@link Concern} in the sender's messages (NaN: unscored)
     * @param maxOthers  ... in the others' messages
     * @param oneSided   grooming stages ({@code GroomingStage} bits) the sender showed and nobody else did
     * @param highRisk   how many of those are high-risk stages
     * @param cuesSelf   per {@link Cue}, how many of the sender's messages have it; {@code cuesOthers}: the others'
     * @param credibleThreats the sender's messages with a threat and a time, place or weapon ({@link Cue#credibleThreat})
     */
    public static double[] dense(int nSelf, int nOthers, float[] maxSelf, float[] maxOthers, int oneSided, int highRisk,
                                 int questionsSelf, int questionsOthers, int participants, int[] cuesSelf, int[] cuesOthers,
                                 int credibleThreats) {
        double[] d = new double[DENSE];
        d[0] = Math.log1p(nSelf);
        d[1] = Math.log1p(nOthers);
        for (int c = 0; c < 4; c++) {
            d[2 + c] = c < maxSelf.length && !Float.isNaN(maxSelf[c]) ? maxSelf[c] : 0;
            d[6 + c] = c < maxOthers.length && !Float.isNaN(maxOthers[c]) ? maxOthers[c] : 0;
        }
        d[10] = Integer.bitCount(oneSided) / 3.0;
        d[11] = highRisk / 2.0;
        d[12] = nSelf == 0 ? 0 : (double) questionsSelf / nSelf;
        d[13] = nOthers == 0 ? 0 : (double) questionsOthers / nOthers;
        d[14] = participants > 2 ? 1 : 0;
        d[15] = nSelf + nOthers == 0 ? 0 : (double) nSelf / (nSelf + nOthers);
        // cues: messages with each, capped at 3 (a sequence, not a rant), on each side
        int k = Cue.values().length;
        for (int c = 0; c < k; c++) {
            d[16 + c] = Math.min(3, cuesSelf[c]) / 3.0;
            d[16 + k + c] = Math.min(3, cuesOthers[c]) / 3.0;
        }
        d[16 + 2 * k] = Math.min(2, credibleThreats) / 2.0;
        return d;
    }

    /** Whether a message counts as a question for {@link #dense}. */
    public static boolean question(String text) {
        return text != null && text.indexOf('?') >= 0;
    }

    // ---- file format: gzip of MAGIC, FORMAT, version, bits, DENSE, heads (category, tier, threshold, bias, weights) ----

    public byte[] write() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes))) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeUTF(version);
            out.writeInt(bits);
            out.writeInt(DENSE);
            out.writeInt(heads.size());
            for (int h = 0; h < heads.size(); h++) {
                out.writeUTF(heads.get(h).category().name());
                out.writeUTF(heads.get(h).tier().name());
                out.writeFloat(threshold[h]);
                out.writeFloat(bias[h]);
                for (float x : weights[h]) {
                    out.writeFloat(x);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static ConversationModel read(InputStream raw) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("not a conversation model file");
            }
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IOException("conversation model format " + format + " is not supported");
            }
            String version = in.readUTF();
            int bits = in.readInt();
            if (bits < 8 || bits > 20) {
                throw new IOException("conversation model: bits out of range: " + bits);
            }
            int dense = in.readInt();
            if (dense != DENSE) {
                throw new IOException("conversation model has " + dense + " dense features, this version computes " + DENSE);
            }
            int n = in.readInt();
            if (n < 1 || n > 32) {
                throw new IOException("conversation model: head count out of range: " + n);
            }
            List<Head> heads = new ArrayList<>(n);
            float[] thr = new float[n];
            float[] bias = new float[n];
            float[][] w = new float[n][width(bits)];
            for (int h = 0; h < n; h++) {
                try {
                    heads.add(new Head(Category.valueOf(in.readUTF()), Tier.valueOf(in.readUTF())));
                } catch (IllegalArgumentException e) {
                    throw new IOException("conversation model: unknown category or tier", e);
                }
                thr[h] = in.readFloat();
                bias[h] = in.readFloat();
                for (int j = 0; j < w[h].length; j++) {
                    w[h][j] = in.readFloat();
                }
            }
            return new ConversationModel(version, bits, heads, bias, w, thr);
        }
    }

    public static ConversationModel read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    private static volatile ConversationModel defaultModel;

    /** The shipped model (trained on the corpus's dev split), loaded once. */
    public static ConversationModel loadDefault() {
        ConversationModel m = defaultModel;
        if (m == null) {
            try (InputStream in = ConversationModel.class.getResourceAsStream(DEFAULT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("default conversation model resource missing: " + DEFAULT_RESOURCE);
                }
                m = read(in);
            } catch (IOException e) {
                throw new UncheckedIOException("default conversation model unreadable", e);
            }
            defaultModel = m;
        }
        return m;
    }

    /** For the trainer: the raw weights of a head. */
    float[] weights(int head) {
        return weights[head];
    }

    float bias(int head) {
        return bias[head];
    }
}
