package org.chatguard.rules.ml;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.RulePack;
import org.chatguard.rules.RulePackException;
import org.chatguard.rules.RulePackLoader;

/**
 * {@code chatguard train}: labelled JSONL in, model file out, k-fold cross-validated figures printed.
 *
 * <pre>
 * chatguard train --train FILE[:concern] ... [--dev FILE[:concern] ...] [--out MODEL.cgm] [--seed N] [--folds K]
 *                 [--epochs N] [--bits B] [--version NAME] [--pack PACK.yaml]
 * </pre>
 *
 * {@code --train} files only train; {@code --dev} files also train, are cross-validated ({@code --folds}, 0 to
 * skip) and supply the thresholds (see {@link ModelTraining}). {@code :concern} names the concern of a file
 * whose rows have no {@code category} (else it comes from the file name). The rule pack ({@code --pack},
 * default the bundled one) gives the "rules" and "combined" figures and the SEXUAL labels. Same data and
 * seed, same bytes.
 */
public final class TrainCommand {

    private TrainCommand() {}

    public static String usage() {
        return "usage: chatguard train --train FILE[:concern] ... [--dev FILE[:concern] ...] [--out MODEL.cgm] [--seed N] "
                + "[--folds K] [--epochs N] [--bits B] [--version NAME] [--pack PACK.yaml] [--dev-weight N] [--cv-only SET,SET]";
    }

    public static int run(List<String> args, PrintStream out) {
        List<Corpus.Source> train = new ArrayList<>();
        List<Corpus.Source> dev = new ArrayList<>();
        Path outFile = null;
        long seed = 20261202L;
        int folds = 5;
        Trainer.Params d = Trainer.Params.defaults(seed);
        int epochs = d.epochs();
        int bits = d.bits();
        String version = null;
        Path pack = null;
        int devWeight = 2;
        java.util.Set<String> cvOnly = null;
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--train" -> train.add(Corpus.Source.parse(next(args, ++i, a)));
                    case "--dev" -> dev.add(Corpus.Source.parse(next(args, ++i, a)));
                    case "--out" -> outFile = Path.of(next(args, ++i, a));
                    case "--seed" -> seed = Long.parseLong(next(args, ++i, a));
                    case "--folds" -> folds = Integer.parseInt(next(args, ++i, a));
                    case "--epochs" -> epochs = Integer.parseInt(next(args, ++i, a));
                    case "--bits" -> bits = Integer.parseInt(next(args, ++i, a));
                    case "--version" -> version = next(args, ++i, a);
                    case "--pack" -> pack = Path.of(next(args, ++i, a));
                    case "--dev-weight" -> devWeight = Integer.parseInt(next(args, ++i, a));
                    case "--cv-only" -> cvOnly = java.util.Set.of(next(args, ++i, a).split(","));
                    case "-h", "--help" -> {
                        out.println(usage());
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (train.isEmpty() && dev.isEmpty()) {
                throw new IllegalArgumentException("at least one --train or --dev FILE is required");
            }
            if (folds == 1 || folds < 0) {
                throw new IllegalArgumentException("--folds must be 0 (none) or >= 2");
            }
            if (folds > 0 && dev.isEmpty()) {
                throw new IllegalArgumentException("--folds needs a --dev set to cross-validate (or --folds 0)");
            }
            if (devWeight < 1 || devWeight > 10) {
                throw new IllegalArgumentException("--dev-weight must be 1..10");
            }
            if (epochs < 1 || bits < 8 || bits > 24) {
                throw new IllegalArgumentException("--epochs must be >= 1 and --bits 8..24");
            }
        } catch (IllegalArgumentException e) {
            out.println("train: " + e.getMessage());
            out.println(usage());
            return 2;
        }
        Trainer.Params params = new Trainer.Params(bits, epochs, d.learningRate(), d.l2(), seed, d.wordsOnly());
        RulePack rules;
        try {
            rules = pack == null ? RulePackLoader.defaultPack() : RulePackLoader.load(pack);
        } catch (RulePackException e) {
            out.println("train: " + e.getMessage());
            return 1;
        }
        Corpus corpus;
        try {
            corpus = Corpus.load(train, dev, ModerationEngine.of(rules), bits);
        } catch (IOException | IllegalArgumentException e) {
            out.println("train: " + e.getMessage());
            return 1;
        }
        out.printf(Locale.ROOT, "train: %d training rows, %d development sets, seed %d, 2^%d buckets, %d epochs%n",
                corpus.trainSize(), corpus.dev().size(), seed, bits, epochs);
        ModelTraining mt = new ModelTraining(corpus, params).devWeight(devWeight).only(cvOnly);
        out.printf(Locale.ROOT, "train: %d ordinary rows held out to bound flags on everyday chat%n", mt.ordinarySize());
        if (folds > 0) {
            out.printf(Locale.ROOT, "%d-fold cross-validation (thresholds chosen on a validation part of the training folds):%n", folds);
            ModelTraining.print(mt.crossValidate(folds, null), out);
        }
        if (outFile != null) {
            Map<String, String> info = new LinkedHashMap<>();
            info.put("seed", Long.toString(seed));
            info.put("epochs", Integer.toString(epochs));
            info.put("devWeight", Integer.toString(devWeight));
            info.put("wordsOnly", d.wordsOnly().toString());
            info.put("rulePack", rules.version());
            info.put("trainingRows", Integer.toString(corpus.trainSize() + corpus.dev().stream().mapToInt(Corpus.Dev::size).sum()));
            StringBuilder files = new StringBuilder();
            for (Corpus.Source s : train) {
                files.append(files.length() == 0 ? "" : ",").append(s.fileName());
            }
            for (Corpus.Source s : dev) {
                files.append(files.length() == 0 ? "" : ",").append(s.fileName());
            }
            info.put("data", files.toString());
            LinearModel provisional = mt.trainFinal("pending", info);
            byte[] bytes = ModelFile.write(provisional);
            // the version names the exact weights: same data and seed, same version
            String v = (version != null ? version : "cgml") + "-" + ModelFile.fingerprint(bytes);
            LinearModel m = provisional.withThresholds(provisional.thresholds(), v);
            try {
                ModelFile.write(m, outFile);
            } catch (IOException e) {
                out.println("train: cannot write " + outFile + ": " + e.getMessage());
                return 1;
            }
            StringBuilder t = new StringBuilder();
            for (int i = 0; i < m.concerns().size(); i++) {
                t.append(String.format(Locale.ROOT, " %s=%.3f", m.concerns().get(i).label(), m.threshold(i)));
            }
            out.printf(Locale.ROOT, "wrote %s (%s, %d bytes); thresholds:%s%n", outFile, v, ModelFile.write(m).length, t);
        }
        return 0;
    }

    private static String next(List<String> args, int i, String opt) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(opt + " needs a value");
        }
        return args.get(i);
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out));
    }
}
