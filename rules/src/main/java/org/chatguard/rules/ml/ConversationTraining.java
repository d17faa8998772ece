package org.chatguard.rules.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.chatguard.model.Category;
import org.chatguard.model.Tier;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.RulePackLoader;
import org.chatguard.rules.Verdict;
import org.chatguard.rules.eval.ConversationEval;
import org.chatguard.rules.ml.ConversationModel.Head;

/**
 * {@code chatguard train-conversations}: trains the {@link ConversationModel} on labelled whole conversations (the
 * corpus's dev split), prints cross-validated early-warning figures of the model alone (folds by conversation, or
 * by author with {@code --by-author}) and writes the model with per-head thresholds chosen on the out-of-fold scores.
 *
 * <pre>
 * chatguard train-conversations --conversations PATH ... [--out FILE.cgcm] [--folds K | --by-author] [--seed N]
 *                               [--bits B] [--epochs N] [--false-alerts RATE] [--pack FILE] [--details]
 * </pre>
 *
 * <p>Examples: after every message, one per sender seen so far, with that sender's self / others / dense features
 * ({@link ConversationModel}). Per head (category, tier), an example is <b>positive</b> when its conversation is
 * labelled with that category at that tier or above, the sender is the label's first subject (whom the concern is
 * about: the adult grooming, the child in distress, the one threatening) and the message is
 * the act-by message or later; <b>negative</b> for every sender of an innocent conversation, and for a conversation
 * of the same category labelled below the head's tier; anything else (earlier prefixes, other senders, other
 * harmful categories) does not train that head. Thresholds: per head, the lowest that keeps the share of innocent
 * conversations with an out-of-fold score at or above it within {@code --false-alerts} (default 0: above every
 * innocent conversation's best score). Deterministic for the same data, seed and options.
 */
public final class ConversationTraining {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConversationTraining() {
    }

    record Message(String id, String senderId, String text, Verdict verdict, ConversationModel.Vector vector) {
    }

    record Conversation(String id, String author, ConversationEval.Label label, List<String> subjects, List<Message> messages) {
    }

    /** One training example: conversation, message index, sender, sparse features (dense appended). */
    record Example(int conv, int at, String sender, boolean subject, int[] idx, float[] val) {
    }

    public static String usage() {
        return "usage: chatguard train-conversations --conversations PATH ... [--out FILE.cgcm] [--folds K | --by-author] "
                + "[--seed N] [--bits B] [--epochs N] [--lr R] [--l2 L] [--no-ngrams] [--false-alerts RATE] [--pack FILE] [--details]";
    }

    public static int run(List<String> args, PrintStream out) {
        List<Path> paths = new ArrayList<>();
        Path outFile = null;
        Path pack = null;
        int folds = 5;
        boolean byAuthor = false;
        long seed = 20261203L;
        int bits = 15;
        int epochs = 8;
        double falseAlerts = 0;
        boolean details = false;
        double lr = 0.2;
        double l2 = 1e-4;
        boolean ngrams = true;
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--conversations" -> paths.add(Path.of(next(args, ++i, a)));
                    case "--out" -> outFile = Path.of(next(args, ++i, a));
                    case "--pack" -> pack = Path.of(next(args, ++i, a));
                    case "--folds" -> folds = Integer.parseInt(next(args, ++i, a));
                    case "--by-author" -> byAuthor = true;
                    case "--seed" -> seed = Long.parseLong(next(args, ++i, a));
                    case "--bits" -> bits = Integer.parseInt(next(args, ++i, a));
                    case "--epochs" -> epochs = Integer.parseInt(next(args, ++i, a));
                    case "--false-alerts" -> falseAlerts = Double.parseDouble(next(args, ++i, a));
                    case "--details" -> details = true;
                    case "--no-ngrams" -> ngrams = false;
                    case "--lr" -> lr = Double.parseDouble(next(args, ++i, a));
                    case "--l2" -> l2 = Double.parseDouble(next(args, ++i, a));
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (paths.isEmpty()) {
                throw new IllegalArgumentException("at least one --conversations PATH is required");
            }
            if (bits < 10 || bits > 20 || epochs < 1 || folds == 1 || folds < 0 || falseAlerts < 0 || falseAlerts >= 1) {
                throw new IllegalArgumentException("--bits 10..20, --epochs >= 1, --folds 0 or >= 2, 0 <= --false-alerts < 1");
            }
        } catch (IllegalArgumentException e) {
            out.println("train-conversations: " + e.getMessage());
            out.println(usage());
            return 2;
        }
        try {
            ModerationEngine engine = pack == null ? ModerationEngine.defaultEngine()
                    : ModerationEngine.withDefaultModel(RulePackLoader.load(pack));
            List<Conversation> convs = load(paths, engine, bits);
            List<Head> heads = heads(convs);
            List<Example> examples = examples(convs, bits, ngrams);
            out.printf(Locale.ROOT, "train-conversations: %d conversations, %d examples, heads %s, 2^%d buckets, %d epochs, seed %d%n",
                    convs.size(), examples.size(), heads.stream().map(Head::code).toList(), bits, epochs, seed);
            float[] thr = new float[heads.size()];
            Arrays.fill(thr, 0.5f);
            int[] fold = byAuthor ? authorFolds(convs) : folds == 0 ? null : conversationFolds(convs, folds, seed);
            if (fold != null) {
                int k = Arrays.stream(fold).max().orElse(0) + 1;
                double[][] oof = new double[heads.size()][examples.size()];
                for (int f = 0; f < k; f++) {
                    ConversationModel m = train(convs, examples, heads, bits, epochs, seed, fold, f, lr, l2);
                    for (int e = 0; e < examples.size(); e++) {
                        if (fold[examples.get(e).conv()] == f) {
                            for (int h = 0; h < heads.size(); h++) {
                                oof[h][e] = score(m, h, examples.get(e));
                            }
                        }
                    }
                }
                thr = thresholds(convs, examples, heads, oof, falseAlerts);
                List<ConversationEval.Result> results = evaluate(convs, examples, heads, oof, thr);
                out.printf(Locale.ROOT, "%s cross-validation (model alone, thresholds on the out-of-fold scores, %s false alerts allowed):%n",
                        byAuthor ? "leave-one-author-out" : k + "-fold by conversation", falseAlerts);
                for (int h = 0; h < heads.size(); h++) {
                    out.printf(Locale.ROOT, "  head %-28s threshold %.4f%n", heads.get(h).code(), thr[h]);
                }
                out.print(ConversationEval.report(results, details));
            }
            ConversationModel m = train(convs, examples, heads, bits, epochs, seed, null, -1, lr, l2).withThresholds(thr);
            if (outFile != null) {
                byte[] bytes = m.write();
                String version = "cgcm-" + Integer.toHexString(Arrays.hashCode(bytes));
                m = new ConversationModel(version, bits, heads, biases(m), rows(m), thr);
                Files.write(outFile, m.write());
                out.printf(Locale.ROOT, "train-conversations: wrote %s (%s, %d bytes, %.1f MB in memory)%n", outFile, version,
                        Files.size(outFile), m.memoryBytes() / 1e6);
            }
            return 0;
        } catch (Exception e) {
            out.println("train-conversations: " + e.getMessage());
            return 1;
        }
    }

    private static float[] biases(ConversationModel m) {
        float[] b = new float[m.heads().size()];
        for (int h = 0; h < b.length; h++) {
            b[h] = m.bias(h);
        }
        return b;
    }

    private static float[][] rows(ConversationModel m) {
        float[][] w = new float[m.heads().size()][];
        for (int h = 0; h < w.length; h++) {
            w[h] = m.weights(h);
        }
        return w;
    }

    // ---------------------------------------------------------------- data

    static List<Conversation> load(List<Path> paths, ModerationEngine engine, int bits) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".jsonl")
                            && !f.toString().endsWith(".labels.jsonl")).sorted().forEach(files::add);
                }
            } else {
                files.add(p);
            }
        }
        Featurizer fz = new Featurizer(bits);
        List<Conversation> out = new ArrayList<>();
        for (Path f : files) {
            String n = f.getFileName().toString();
            Path labelsFile = f.resolveSibling(n.substring(0, n.length() - ".jsonl".length()) + ".labels.jsonl");
            Map<String, List<Message>> msgs = new LinkedHashMap<>();
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode j = JSON.readTree(line);
                String text = j.path("text").asText("");
                Verdict v = engine.analyze(text);
                msgs.computeIfAbsent(j.path("conversationId").asText(), k -> new ArrayList<>())
                        .add(new Message(j.path("id").asText(), j.path("senderId").asText(), text, v,
                                ConversationModel.vector(fz.of(text))));
            }
            for (String line : Files.readAllLines(labelsFile, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode j = JSON.readTree(line);
                ConversationEval.Label l = ConversationEval.readLabel(j);
                List<String> subjects = new ArrayList<>();
                j.path("subjects").forEach(s -> subjects.add(s.asText()));
                List<Message> m = msgs.get(l.conversationId());
                if (m == null) {
                    throw new IllegalArgumentException(labelsFile + ": no messages for " + l.conversationId());
                }
                out.add(new Conversation(l.conversationId(), j.path("author").asText("-"), l, subjects, m));
            }
        }
        return out;
    }

    /** Every (category, tier) some conversation is labelled with, in category then tier order. */
    static List<Head> heads(List<Conversation> convs) {
        TreeSet<String> keys = new TreeSet<>();
        for (Conversation c : convs) {
            if (c.label().harmful()) {
                Category cat = Category.valueOf(c.label().category());
                keys.add(String.format("%02d%d", cat.ordinal(), c.label().tier().ordinal()));
            }
        }
        List<Head> out = new ArrayList<>();
        for (String k : keys) {
            out.add(new Head(Category.values()[Integer.parseInt(k.substring(0, 2))], Tier.values()[k.charAt(2) - '0']));
        }
        return out;
    }

    /** After every message, one example per sender seen so far (see the class comment). */
    static List<Example> examples(List<Conversation> convs, int bits, boolean ngrams) {
        int b = 1 << bits;
        List<Example> out = new ArrayList<>();
        for (int ci = 0; ci < convs.size(); ci++) {
            Conversation c = convs.get(ci);
            Map<String, SenderStats> stats = new LinkedHashMap<>();
            Map<String, Map<Integer, Float>> self = new HashMap<>();
            Map<Integer, Float> total = new HashMap<>();
            int n = 0;
            for (int k = 0; k < c.messages().size(); k++) {
                Message m = c.messages().get(k);
                n++;
                stats.computeIfAbsent(m.senderId(), SenderStats::new).observe(m.text(), m.verdict());
                Map<Integer, Float> mine = self.computeIfAbsent(m.senderId(), x -> new HashMap<>());
                for (int i = 0; i < m.vector().index().length; i++) {
                    mine.merge(m.vector().index()[i], m.vector().value()[i], Float::sum);
                    total.merge(m.vector().index()[i], m.vector().value()[i], Float::sum);
                }
                List<SenderStats> all = new ArrayList<>(stats.values());
                for (SenderStats s : all) {
                    Map<Integer, Float> sm = self.get(s.userId);
                    int nOthers = n - s.messages;
                    double[] dense = SenderStats.dense(all, s);
                    int size = (ngrams ? sm.size() + (nOthers > 0 ? total.size() : 0) : 0) + ConversationModel.DENSE;
                    int[] idx = new int[size];
                    float[] val = new float[size];
                    int p = 0;
                    float fs = (float) (1 / Math.sqrt(s.messages));
                    for (var e : ngrams ? sm.entrySet() : Map.<Integer, Float>of().entrySet()) {
                        idx[p] = e.getKey();
                        val[p++] = e.getValue() * fs;
                    }
                    if (ngrams && nOthers > 0) {
                        float fo = (float) (1 / Math.sqrt(nOthers));
                        for (var e : total.entrySet()) {
                            float x = e.getValue() - sm.getOrDefault(e.getKey(), 0f);
                            if (Math.abs(x) > 1e-6) {
                                idx[p] = b + e.getKey();
                                val[p++] = x * fo;
                            }
                        }
                    }
                    for (int j = 0; j < ConversationModel.DENSE; j++) {
                        idx[p] = 2 * b + j;
                        val[p++] = (float) dense[j];
                    }
                    // the label's first subject is the one the concern is about (the adult grooming, the child in distress)
                    out.add(new Example(ci, k, s.userId, !c.subjects().isEmpty() && c.subjects().get(0).equals(s.userId),
                            Arrays.copyOf(idx, p), Arrays.copyOf(val, p)));
                }
            }
        }
        return out;
    }

    /** 1 positive, 0 negative, -1 does not train head {@code h} (see the class comment). */
    static int target(Conversation c, Example e, Head h, int actByIndex) {
        ConversationEval.Label l = c.label();
        if (!l.harmful()) {
            return 0;
        }
        if (!h.category().name().equals(l.category())) {
            return -1;
        }
        if (l.tier().ordinal() < h.tier().ordinal()) {
            return 0;
        }
        return e.subject() && e.at() >= actByIndex ? 1 : -1;
    }

    private static int actBy(Conversation c) {
        if (!c.label().harmful()) {
            return -1;
        }
        for (int i = 0; i < c.messages().size(); i++) {
            if (c.messages().get(i).id().equals(c.label().actBy())) {
                return i;
            }
        }
        throw new IllegalArgumentException(c.id() + ": actBy " + c.label().actBy() + " is not one of its messages");
    }

    static int[] conversationFolds(List<Conversation> convs, int k, long seed) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < convs.size(); i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new Random(seed));
        int[] f = new int[convs.size()];
        for (int i = 0; i < order.size(); i++) {
            f[order.get(i)] = i % k;
        }
        return f;
    }

    static int[] authorFolds(List<Conversation> convs) {
        List<String> authors = convs.stream().map(Conversation::author).distinct().sorted().toList();
        if (authors.size() < 2) {
            throw new IllegalArgumentException("--by-author needs at least two authors");
        }
        return convs.stream().mapToInt(c -> authors.indexOf(c.author())).toArray();
    }

    // ---------------------------------------------------------------- training

    /** Logistic regression per head, AdaGrad with L2, positives weighted to balance; trains on folds other than {@code heldOut}. */
    static ConversationModel train(List<Conversation> convs, List<Example> examples, List<Head> heads, int bits, int epochs,
                                   long seed, int[] fold, int heldOut, double lr, double l2) {
        int width = ConversationModel.width(bits);
        int[] actBy = convs.stream().mapToInt(ConversationTraining::actBy).toArray();
        float[] bias = new float[heads.size()];
        float[][] w = new float[heads.size()][width];
        for (int h = 0; h < heads.size(); h++) {
            List<Example> rows = new ArrayList<>();
            List<Integer> ys = new ArrayList<>();
            int pos = 0;
            for (Example e : examples) {
                if (fold != null && fold[e.conv()] == heldOut) {
                    continue;
                }
                int y = target(convs.get(e.conv()), e, heads.get(h), actBy[e.conv()]);
                if (y >= 0) {
                    rows.add(e);
                    ys.add(y);
                    pos += y;
                }
            }
            if (pos == 0) {
                bias[h] = -10;
                continue;
            }
            double posWeight = Math.min(20, (double) (rows.size() - pos) / pos);
            double[] g2 = new double[width];
            double gb = 0;
            float[] wh = w[h];
            Random rnd = new Random(seed + h);
            Integer[] order = new Integer[rows.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            for (int ep = 0; ep < epochs; ep++) {
                java.util.Collections.shuffle(Arrays.asList(order), rnd);
                for (int oi : order) {
                    Example e = rows.get(oi);
                    double z = bias[h];
                    for (int i = 0; i < e.idx().length; i++) {
                        z += wh[e.idx()[i]] * e.val()[i];
                    }
                    double p = 1 / (1 + Math.exp(-z));
                    int y = ys.get(oi);
                    double g = (p - y) * (y == 1 ? posWeight : 1);
                    for (int i = 0; i < e.idx().length; i++) {
                        int j = e.idx()[i];
                        double gj = g * e.val()[i] + l2 * wh[j];
                        g2[j] += gj * gj;
                        wh[j] -= (float) (lr * gj / Math.sqrt(g2[j] + 1e-8));
                    }
                    gb += g * g;
                    bias[h] -= (float) (lr * g / Math.sqrt(gb + 1e-8));
                }
            }
        }
        float[] thr = new float[heads.size()];
        Arrays.fill(thr, 0.5f);
        return new ConversationModel("training", bits, heads, bias, w, thr);
    }

    static double score(ConversationModel m, int h, Example e) {
        float[] w = m.weights(h);
        double z = m.bias(h);
        for (int i = 0; i < e.idx().length; i++) {
            z += w[e.idx()[i]] * e.val()[i];
        }
        return 1 / (1 + Math.exp(-z));
    }

    /** Per head, the lowest threshold that keeps the innocent conversations alerted within {@code rate}. */
    static float[] thresholds(List<Conversation> convs, List<Example> examples, List<Head> heads, double[][] oof, double rate) {
        float[] thr = new float[heads.size()];
        int innocent = (int) convs.stream().filter(c -> !c.label().harmful()).count();
        int allowed = (int) Math.floor(rate * innocent);
        for (int h = 0; h < heads.size(); h++) {
            double[] best = new double[convs.size()];
            for (int e = 0; e < examples.size(); e++) {
                int c = examples.get(e).conv();
                if (!convs.get(c).label().harmful()) {
                    best[c] = Math.max(best[c], oof[h][e]);
                }
            }
            double[] inn = new double[innocent];
            int i = 0;
            for (int c = 0; c < convs.size(); c++) {
                if (!convs.get(c).label().harmful()) {
                    inn[i++] = best[c];
                }
            }
            Arrays.sort(inn);
            // the (allowed+1)-th highest innocent score must stay below the threshold
            double t = inn.length == 0 ? 0.5 : inn[Math.max(0, inn.length - 1 - allowed)];
            thr[h] = (float) Math.min(0.999, Math.max(0.5, t + 1e-4));
        }
        return thr;
    }

    /** The model alone, as {@code eval --conversations} scores it: an alert per head at or above its threshold. */
    static List<ConversationEval.Result> evaluate(List<Conversation> convs, List<Example> examples, List<Head> heads,
                                                  double[][] oof, float[] thr) {
        List<ConversationEval.Label> labels = new ArrayList<>();
        List<ConversationEval.Msg> msgs = new ArrayList<>();
        java.time.Instant t0 = java.time.Instant.EPOCH;
        for (Conversation c : convs) {
            labels.add(c.label());
            for (Message m : c.messages()) {
                msgs.add(new ConversationEval.Msg(c.id(), m.id(), t0));
            }
        }
        List<ConversationEval.Raised> raised = new ArrayList<>();
        for (int e = 0; e < examples.size(); e++) {
            Example x = examples.get(e);
            Conversation c = convs.get(x.conv());
            long fromSender = c.messages().subList(0, x.at() + 1).stream().filter(m -> m.senderId().equals(x.sender())).count();
            if (x.at() + 1 < org.chatguard.rules.risk.ConversationModelSignal.MIN_MESSAGES
                    || fromSender < org.chatguard.rules.risk.ConversationModelSignal.MIN_FROM_SENDER) {
                continue; // as the signal: nothing on a single line
            }
            for (int h = 0; h < heads.size(); h++) {
                if (oof[h][e] >= thr[h]) {
                    raised.add(new ConversationEval.Raised(c.id(), heads.get(h).tier(), heads.get(h).category(),
                            c.messages().get(x.at()).id()));
                }
            }
        }
        return ConversationEval.score(labels, msgs, raised, 0);
    }

    private static String next(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }
}
