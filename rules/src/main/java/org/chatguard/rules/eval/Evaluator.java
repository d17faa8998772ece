package org.chatguard.rules.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.chatguard.model.Category;
import org.chatguard.model.RuleMatch;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.RulePackException;
import org.chatguard.rules.RulePackLoader;
import org.chatguard.rules.Verdict;

/**
 * {@code chatguard eval}: detection quality of a rule pack against labelled JSONL files.
 *
 * <pre>
 * chatguard eval --gold FILE.jsonl [--gold FILE2 ...] [--pack PACK.yaml] [--languages en|en,es] [--flag-on any|action|alert] [--only CAT,CAT]
 *                [--perturb] [--seed N] [--worst N] [--json] [--write-perturbed DIR]
 * </pre>
 *
 * Each gold line is a JSON object with {@code id}, {@code text}, {@code flag} (true when a moderator should
 * act) and optionally {@code category} (or the dataset's own {@code label}), used to group results.
 *
 * <p>A message counts as <b>flagged</b> by the {@link FlagCriterion}: by default when any rule matched
 * at all (a flag-only grooming stage counts: a moderator would see it); {@code --flag-on action} when the
 * site masks, holds or blocks it or staff are alerted; {@code --flag-on alert} only when staff are
 * alerted. Reported per file and over all files: precision, recall, F1 and
 * false-positive rate; recall and false-positive rate per gold group; for each engine category, how
 * many flags it raised and how many were wrong. {@code --perturb} rewrites every flagged gold line with
 * each evasion technique of {@link Perturber} (seeded) and reports recall on those copies beside recall
 * on the clean lines. {@code --worst N} lists false positives (id, rules, masked text) and false
 * negatives (ids only: no message text leaves the evaluator unmasked). {@code --only insult,hate} counts a
 * message as flagged only for matches (or an alert) in those categories, to score a data set labelled for
 * one concern (bullying) without counting, say, the swearing a children's site masks anyway.
 */
public final class Evaluator {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Evaluator() {}

    record Gold(String id, String text, boolean flag, String group) {}

    /** Confusion counts. */
    static final class Counts {
        long tp;
        long fp;
        long fn;
        long tn;

        void add(boolean gold, boolean predicted) {
            if (gold && predicted) {
                tp++;
            } else if (!gold && predicted) {
                fp++;
            } else if (gold) {
                fn++;
            } else {
                tn++;
            }
        }

        double precision() {
            return tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        }

        double recall() {
            return tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        }

        double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        double fpr() {
            return fp + tn == 0 ? 0 : (double) fp / (fp + tn);
        }

        long n() {
            return tp + fp + fn + tn;
        }

        ObjectNode json() {
            ObjectNode o = JSON.createObjectNode();
            o.put("n", n());
            o.put("positives", tp + fn);
            o.put("tp", tp);
            o.put("fp", fp);
            o.put("fn", fn);
            o.put("tn", tn);
            o.put("precision", round(precision()));
            o.put("recall", round(recall()));
            o.put("f1", round(f1()));
            o.put("fpr", round(fpr()));
            return o;
        }
    }

    private static double round(double d) {
        return Math.round(d * 10000) / 10000.0;
    }

    /** Runs the evaluation; returns a process exit code (0 ok, 1 failure, 2 usage). */
    public static int run(List<String> args, PrintStream out) {
        List<Path> golds = new ArrayList<>();
        boolean perturb = false;
        boolean json = false;
        int worst = 0;
        long seed = 20261127L;
        Path packPath = null;
        java.util.EnumSet<Category> only = null;
        FlagCriterion.Mode mode = FlagCriterion.Mode.ANY;
        Path writePerturbed = null;
        String detectors = "combined";
        Path modelPath = null;
        String modelPolicy = null;
        int kfold = 0;
        boolean seedGiven = false;
        List<String> trainFiles = new ArrayList<>();
        boolean routed = false;
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--gold" -> golds.add(Path.of(next(args, ++i, a)));
                    case "--perturb" -> perturb = true;
                    case "--languages" -> routed = switch (next(args, ++i, a)) {
                        case "en" -> false;
                        case "en,es", "es,en" -> true;
                        default -> throw new IllegalArgumentException("--languages is en or en,es");
                    };
                    case "--json" -> json = true;
                    case "--worst" -> worst = Integer.parseInt(next(args, ++i, a));
                    case "--seed" -> {
                        seed = Long.parseLong(next(args, ++i, a));
                        seedGiven = true;
                    }
                    case "--pack" -> packPath = Path.of(next(args, ++i, a));
                    case "--flag-on" -> mode = FlagCriterion.parseMode(next(args, ++i, a));
                    case "--write-perturbed" -> writePerturbed = Path.of(next(args, ++i, a));
                    case "--detectors" -> {
                        detectors = next(args, ++i, a);
                        if (!List.of("rules", "model", "combined").contains(detectors)) {
                            throw new IllegalArgumentException("--detectors must be rules, model or combined");
                        }
                    }
                    case "--model" -> modelPath = Path.of(next(args, ++i, a));
                    case "--model-policy" -> modelPolicy = next(args, ++i, a);
                    case "--kfold" -> kfold = Integer.parseInt(next(args, ++i, a));
                    case "--train" -> trainFiles.add(next(args, ++i, a));
                    case "--only" -> {
                        only = java.util.EnumSet.noneOf(Category.class);
                        for (String c : next(args, ++i, a).split(",")) {
                            try {
                                only.add(Category.valueOf(c.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
                            } catch (IllegalArgumentException e) {
                                throw new IllegalArgumentException("unknown category '" + c + "' for --only");
                            }
                        }
                    }
                    case "-h", "--help" -> {
                        out.println(usage());
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (golds.isEmpty()) {
                throw new IllegalArgumentException("at least one --gold FILE is required");
            }
            if (worst < 0) {
                throw new IllegalArgumentException("--worst must be >= 0");
            }
        } catch (IllegalArgumentException e) {
            out.println("eval: " + e.getMessage());
            out.println(usage());
            return 2;
        }
        if (kfold != 0) {
            // cross-validated rules / model / combined figures: the training protocol of `chatguard train`
            List<String> t = new ArrayList<>();
            trainFiles.forEach(f -> {
                t.add("--train");
                t.add(f);
            });
            golds.forEach(g -> {
                t.add("--dev");
                t.add(g.toString());
            });
            t.add("--folds");
            t.add(Integer.toString(kfold));
            if (seedGiven) { // else train's own default seed, so the figures match `chatguard train`'s
                t.add("--seed");
                t.add(Long.toString(seed));
            }
            if (packPath != null) {
                t.add("--pack");
                t.add(packPath.toString());
            }
            return org.chatguard.rules.ml.TrainCommand.run(t, out);
        }
        ModerationEngine engine;
        org.chatguard.rules.ml.ModelPolicy policy;
        try {
            policy = org.chatguard.rules.ml.ModelPolicy.parse(modelPolicy);
        } catch (IllegalArgumentException e) {
            out.println("eval: " + e.getMessage());
            return 2;
        }
        try {
            org.chatguard.rules.RulePack pack = packPath == null ? RulePackLoader.defaultPack() : RulePackLoader.load(packPath);
            org.chatguard.rules.ml.LinearModel model = modelPath == null ? org.chatguard.rules.ml.ModelDetector.defaultModel()
                    : org.chatguard.rules.ml.ModelFile.read(modelPath);
            engine = detectors.equals("rules") ? ModerationEngine.of(pack) : ModerationEngine.withModel(pack, model, policy);
        } catch (RulePackException | org.chatguard.rules.ml.ModelFileException e) {
            out.println("eval: " + e.getMessage());
            return 1;
        }
        ObjectNode report = JSON.createObjectNode();
        report.put("detectors", detectors);
        if (engine.modelVersion() != null) {
            report.put("modelVersion", engine.modelVersion());
        }
        // --languages en,es: as the job reads messages, the Spanish pack beside this one (LanguageRouter)
        java.util.function.Function<String, Verdict> analyzer;
        List<ModerationEngine> engines = new ArrayList<>(List.of(engine));
        if (routed) {
            org.chatguard.rules.lang.LanguageRouter router = org.chatguard.rules.lang.LanguageRouter.withEnglish(engine);
            analyzer = router::analyze;
            engines.add(router.spanish());
            report.put("rulePackVersion", engine.rulePackVersion() + "+" + router.spanish().rulePackVersion());
        } else {
            analyzer = engine::analyze;
            report.put("rulePackVersion", engine.rulePackVersion());
        }
        FlagCriterion criterion;
        try {
            criterion = FlagCriterion.of(mode, only, engines.toArray(new ModerationEngine[0]));
            if (detectors.equals("model")) {
                criterion = criterion.onlyIds(org.chatguard.rules.ml.ModelDetector.ID_PREFIX);
            }
        } catch (IllegalArgumentException e) {
            out.println("eval: " + e.getMessage());
            return 2;
        }
        report.put("flaggedMeans", criterion.describe());
        ArrayNode files = report.putArray("files");
        Counts total = new Counts();
        List<String> text = new ArrayList<>();
        for (Path p : golds) {
            List<Gold> lines;
            try {
                lines = read(p);
            } catch (IOException | IllegalArgumentException e) {
                out.println("eval: cannot read " + p + ": " + e.getMessage());
                return 1;
            }
            if (writePerturbed != null) {
                try {
                    writePerturbed(writePerturbed, p.getFileName().toString(), lines, seed);
                } catch (IOException e) {
                    out.println("eval: cannot write perturbed copies to " + writePerturbed + ": " + e.getMessage());
                    return 1;
                }
            }
            ObjectNode f = evaluate(analyzer, p.getFileName().toString(), lines, perturb, seed, worst, total, criterion);
            files.add(f);
        }
        report.set("overall", total.json());
        if (json) {
            try {
                out.println(JSON.writeValueAsString(report));
            } catch (IOException e) {
                out.println("eval: " + e.getMessage());
                return 1;
            }
        } else {
            printText(report, out);
        }
        return 0;
    }

    static long perturbSeed(long seed, Gold g, Perturber.Technique t) {
        return seed ^ g.id().hashCode() ^ t.ordinal() * 0x9E3779B97F4A7C15L;
    }

    /**
     * Writes the exact perturbed copies {@code --perturb} scores, one file per technique
     * ({@code NAME.TECHNIQUE.jsonl}: id, text, flag=true), so other filters can be scored on the same text.
     */
    static void writePerturbed(Path dir, String name, List<Gold> lines, long seed) throws IOException {
        Files.createDirectories(dir);
        ObjectMapper lineMapper = new ObjectMapper(); // one JSON object per line: not the report's indenting mapper
        String base = name.endsWith(".jsonl") ? name.substring(0, name.length() - 6) : name;
        for (Perturber.Technique t : Perturber.Technique.values()) {
            Path out = dir.resolve(base + "." + t.name().toLowerCase(Locale.ROOT) + ".jsonl");
            try (java.io.BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                for (Gold g : lines) {
                    if (!g.flag()) {
                        continue;
                    }
                    ObjectNode o = lineMapper.createObjectNode();
                    o.put("id", g.id());
                    o.put("text", Perturber.perturb(g.text(), t, perturbSeed(seed, g, t)));
                    o.put("flag", true);
                    if (g.group() != null) {
                        o.put("label", g.group());
                    }
                    w.write(lineMapper.writeValueAsString(o));
                    w.write('\n');
                }
            }
        }
    }

    private static String next(List<String> args, int i, String opt) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(opt + " needs a value");
        }
        return args.get(i);
    }

    static String usage() {
        return "usage: chatguard eval --gold FILE.jsonl [--gold FILE2 ...] [--pack PACK.yaml] [--languages en|en,es] [--flag-on any|action|alert] [--only CAT,CAT] [--perturb] [--seed N] [--worst N] [--json] [--write-perturbed DIR]\n"
                + "                      [--detectors rules|model|combined] [--model MODEL.cgm] [--model-policy SPEC]\n"
                + "       chatguard eval --kfold K --gold FILE.jsonl ... [--train FILE.jsonl ...] [--seed N] [--pack PACK.yaml]   (cross-validated rules/model/combined)";
    }

    static List<Gold> read(Path p) throws IOException {
        List<Gold> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode o;
                try {
                    o = JSON.readTree(line);
                } catch (IOException e) {
                    throw new IllegalArgumentException("line " + n + ": not JSON");
                }
                if (o == null || !o.isObject() || !o.hasNonNull("text") || !o.has("flag") || !o.get("flag").isBoolean()) {
                    throw new IllegalArgumentException("line " + n + ": needs text and boolean flag");
                }
                String id = o.hasNonNull("id") ? o.get("id").asText() : String.valueOf(n);
                String group = o.hasNonNull("category") ? o.get("category").asText()
                        : o.hasNonNull("label") ? o.get("label").asText() : null;
                out.add(new Gold(id, o.get("text").asText(), o.get("flag").asBoolean(), group));
            }
        }
        return out;
    }

    private static ObjectNode evaluate(java.util.function.Function<String, Verdict> engine, String name, List<Gold> lines, boolean perturb, long seed,
                                       int worst, Counts total, FlagCriterion criterion) {
        Counts c = new Counts();
        Map<String, Counts> byGroup = new TreeMap<>();
        Map<Category, long[]> byCategory = new TreeMap<>(); // [flags, wrong flags]
        Map<String, long[]> byRule = new TreeMap<>();
        List<Object[]> fps = new ArrayList<>();
        List<String> fns = new ArrayList<>();
        List<Gold> positives = new ArrayList<>();
        long cleanHits = 0;
        for (Gold g : lines) {
            Verdict v = engine.apply(g.text());
            boolean pred = criterion.flagged(v);
            c.add(g.flag(), pred);
            total.add(g.flag(), pred);
            if (g.group() != null) {
                byGroup.computeIfAbsent(g.group(), k -> new Counts()).add(g.flag(), pred);
            }
            for (Category cat : v.categories()) {
                long[] x = byCategory.computeIfAbsent(cat, k -> new long[2]);
                x[0]++;
                if (!g.flag()) {
                    x[1]++;
                }
            }
            v.matches().stream().map(RuleMatch::ruleId).distinct().forEach(r -> {
                long[] x = byRule.computeIfAbsent(r, k -> new long[2]);
                x[0]++;
                if (!g.flag()) {
                    x[1]++;
                }
            });
            if (g.flag()) {
                positives.add(g);
                if (pred) {
                    cleanHits++;
                }
            }
            if (!g.flag() && pred) {
                fps.add(new Object[] {g, v});
            } else if (g.flag() && !pred) {
                fns.add(g.id());
            }
        }
        ObjectNode f = JSON.createObjectNode();
        f.put("file", name);
        f.setAll(c.json());
        ObjectNode groups = f.putObject("byGoldGroup");
        byGroup.forEach((k, v) -> groups.set(k, v.json()));
        ObjectNode cats = f.putObject("byEngineCategory");
        byCategory.forEach((k, v) -> {
            ObjectNode o = cats.putObject(k.name().toLowerCase(Locale.ROOT));
            o.put("flags", v[0]);
            o.put("falsePositives", v[1]);
            o.put("precision", v[0] == 0 ? 0 : round(1 - (double) v[1] / v[0]));
        });
        ArrayNode rulesNode = f.putArray("byRule");
        byRule.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).forEach(e -> {
            ObjectNode o = rulesNode.addObject();
            o.put("rule", e.getKey());
            o.put("flags", e.getValue()[0]);
            o.put("falsePositives", e.getValue()[1]);
        });
        if (perturb && !positives.isEmpty()) {
            ObjectNode pt = f.putObject("perturbed");
            pt.put("flaggedLines", positives.size());
            pt.put("recallClean", round((double) cleanHits / positives.size()));
            for (Perturber.Technique t : Perturber.Technique.values()) {
                long hits = 0;
                for (Gold g : positives) {
                    String p = Perturber.perturb(g.text(), t, perturbSeed(seed, g, t));
                    if (criterion.flagged(engine.apply(p))) {
                        hits++;
                    }
                }
                pt.put("recall" + capital(t.name()), round((double) hits / positives.size()));
            }
        }
        if (worst > 0) {
            fps.sort(Comparator.comparingInt((Object[] o) -> -((Verdict) o[1]).action().ordinal())
                    .thenComparingInt(o -> -((Verdict) o[1]).matches().stream().mapToInt(RuleMatch::severity).max().orElse(0)));
            ArrayNode fpa = f.putArray("worstFalsePositives");
            for (int i = 0; i < Math.min(worst, fps.size()); i++) {
                Gold g = (Gold) fps.get(i)[0];
                Verdict v = (Verdict) fps.get(i)[1];
                ObjectNode o = fpa.addObject();
                o.put("id", g.id());
                o.put("action", v.action().name());
                ArrayNode rules = o.putArray("rules");
                v.matches().stream().map(RuleMatch::ruleId).distinct().forEach(rules::add);
                o.put("maskedText", v.maskedText().length() > 200 ? v.maskedText().substring(0, 200) + "…" : v.maskedText());
            }
            ArrayNode fna = f.putArray("worstFalseNegatives");
            fns.stream().limit(worst).forEach(fna::add);
        }
        return f;
    }

    private static String capital(String s) {
        StringBuilder b = new StringBuilder();
        for (String part : s.toLowerCase(Locale.ROOT).split("_")) {
            b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return b.toString();
    }

    private static void printText(ObjectNode report, PrintStream out) {
        out.println("rule pack " + report.get("rulePackVersion").asText()
                + (report.has("modelVersion") ? "; model " + report.get("modelVersion").asText() : "")
                + "; detectors " + report.get("detectors").asText() + "; flagged = " + report.get("flaggedMeans").asText());
        out.printf(Locale.ROOT, "%-34s %7s %6s %6s %6s %6s %6s %6s%n", "file / group", "n", "pos", "P", "R", "F1", "FPR", "FP");
        for (JsonNode f : report.get("files")) {
            line(out, f.get("file").asText(), f);
            f.get("byGoldGroup").fields().forEachRemaining(e -> line(out, "  " + e.getKey(), e.getValue()));
            StringBuilder cats = new StringBuilder("  engine categories (flags/false):");
            f.get("byEngineCategory").fields().forEachRemaining(e ->
                    cats.append(' ').append(e.getKey()).append('=').append(e.getValue().get("flags").asLong())
                            .append('/').append(e.getValue().get("falsePositives").asLong()));
            out.println(cats);
            StringBuilder rs = new StringBuilder("  rules with most false positives (flags/false):");
            int k = 0;
            for (JsonNode r : f.get("byRule")) {
                if (k++ == 8 || r.get("falsePositives").asLong() == 0) {
                    break;
                }
                rs.append(' ').append(r.get("rule").asText()).append('=').append(r.get("flags").asLong()).append('/')
                        .append(r.get("falsePositives").asLong());
            }
            out.println(rs);
            JsonNode pt = f.get("perturbed");
            if (pt != null) {
                StringBuilder b = new StringBuilder("  perturbed recall (" + pt.get("flaggedLines").asLong() + " flagged lines):");
                pt.fields().forEachRemaining(e -> {
                    if (e.getKey().startsWith("recall")) {
                        b.append(' ').append(e.getKey().substring(6)).append('=').append(String.format(Locale.ROOT, "%.3f", e.getValue().asDouble()));
                    }
                });
                out.println(b);
            }
            JsonNode wfp = f.get("worstFalsePositives");
            if (wfp != null) {
                out.println("  worst false positives:");
                for (JsonNode o : wfp) {
                    out.println("    " + o.get("id").asText() + " " + o.get("action").asText() + " " + o.get("rules") + " " + o.get("maskedText").asText());
                }
                out.println("  false negatives (ids): " + f.get("worstFalseNegatives"));
            }
        }
        line(out, "OVERALL", report.get("overall"));
    }

    private static void line(PrintStream out, String name, JsonNode c) {
        out.printf(Locale.ROOT, "%-34s %7d %6d %6.3f %6.3f %6.3f %6.3f %6d%n", name.length() > 34 ? name.substring(0, 34) : name,
                c.get("n").asLong(), c.get("positives").asLong(), c.get("precision").asDouble(), c.get("recall").asDouble(),
                c.get("f1").asDouble(), c.get("fpr").asDouble(), c.get("fp").asLong());
    }

    /** Command-line entry for running the evaluator without the pipeline module. */
    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out));
    }
}
