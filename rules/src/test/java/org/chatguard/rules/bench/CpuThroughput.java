package org.chatguard.rules.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.RulePack;
import org.chatguard.rules.RulePackLoader;
import org.chatguard.rules.analysis.ConfusableFoldingCharFilter;
import org.chatguard.rules.analysis.FusedChatChain;

/**
 * The benchmark of {@link MatcherBenchmark} measured in messages per <em>CPU</em> second of the measuring
 * thread instead of wall-clock time. On a shared machine (other builds stealing the two cores) JMH's
 * wall-clock throughput mostly measures the neighbours; thread CPU time does not. Run with
 * {@code rules/bench.sh --cpu [seconds per measurement]}.
 */
public final class CpuThroughput {

    private CpuThroughput() {}

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        List<String> lines = ChatLines.generate(10_000, 1234);
        String[] packs = {"default", "generated10k"};
        System.out.printf(Locale.ROOT, "%-14s %-26s %14s %14s%n", "pack", "benchmark", "msgs/cpu-s", "msgs/wall-s");
        // reference point for this machine: Lucene's StandardTokenizer + lower case + ASCII folding, nothing else
        org.apache.lucene.analysis.Analyzer standard = new org.apache.lucene.analysis.Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String field) {
                org.apache.lucene.analysis.Tokenizer t = new org.apache.lucene.analysis.standard.StandardTokenizer();
                return new TokenStreamComponents(t, new org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter(
                        new org.apache.lucene.analysis.LowerCaseFilter(t)));
            }
        };
        measure("-", "luceneStandardAnalyzerOnly", lines, seconds, s -> {
            int n = 0;
            try (org.apache.lucene.analysis.TokenStream ts = standard.tokenStream("f", s)) {
                ts.reset();
                while (ts.incrementToken()) {
                    n++;
                }
                ts.end();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return n;
        });
        // the engine's analysis chain alone: folding and the fused token chain, tokens counted
        ConfusableFoldingCharFilter folder = ConfusableFoldingCharFilter.of("");
        FusedChatChain chain = new FusedChatChain();
        int[] tokens = new int[1];
        FusedChatChain.Sink count = (posInc, posLen, start, end, squeezed, term, len, hash) -> tokens[0] += hash & 1;
        measure("-", "chatAnalysisOnly", lines, seconds, s -> {
            chain.run(folder.reset(s), count);
            return tokens[0];
        });
        if (args.length > 1 && args[1].equals("analysis")) {
            return; // only the two analysis rows
        }
        if (args.length > 1 && args[1].equals("shadow")) {
            // the moderate stage's work: the English engine alone, with the Spanish routing (the job), and with a
            // shadow run of a candidate pack beside it (a second routed read and the comparison)
            ModerationEngine en = ModerationEngine.defaultEngine();
            org.chatguard.rules.lang.LanguageRouter live = org.chatguard.rules.lang.LanguageRouter.withEnglish(en);
            org.chatguard.rules.lang.LanguageRouter candidate = new org.chatguard.rules.lang.LanguageRouter(
                    ModerationEngine.of(RulePackLoader.parse("candidate", GeneratedPack.yaml(400, 7))), live.spanish());
            org.chatguard.model.ChatMessage[] probe = {null};
            measure("default", "engine", lines, seconds, t -> en.analyze(t).flagged() ? 1 : 0);
            measure("default", "routedEnEs", lines, seconds, t -> live.analyze(t).flagged() ? 1 : 0);
            measure("default", "routedEnEs+shadow", lines, seconds, t -> {
                org.chatguard.rules.Verdict v = live.analyze(t);
                org.chatguard.rules.Verdict c = candidate.analyze(t);
                if (probe[0] == null) {
                    probe[0] = new org.chatguard.model.ChatMessage("m", org.chatguard.model.ContentKind.CHAT, "g", "c", "u",
                            List.of(), "", java.time.Instant.EPOCH);
                }
                return org.chatguard.rules.eval.ShadowDiffs.diff(probe[0], v, c, java.time.Instant.EPOCH) == null ? 0 : 1;
            });
            return;
        }
        for (String name : packs) {
            RulePack pack = name.equals("default") ? RulePackLoader.defaultPack()
                    : RulePackLoader.parse("generated10k.yaml", GeneratedPack.yaml(10_000, 99));
            ModerationEngine engine = ModerationEngine.of(pack);
            Pattern baseline = MatcherBenchmark.alternation(pack);
            measure(name, "engine", lines, seconds, s -> engine.analyze(s).flagged() ? 1 : 0);
            if (name.equals("default")) {
                // the default engine: the same rules plus the bundled model, in the same run as the rules alone
                ModerationEngine combined = ModerationEngine.withDefaultModel(pack);
                measure(name, "engineRulesAndModel", lines, seconds, s -> combined.analyze(s).flagged() ? 1 : 0);
                org.chatguard.rules.ml.LinearModel model = org.chatguard.rules.ml.ModelDetector.defaultModel();
                org.chatguard.rules.ml.Featurizer f = model.featurizer();
                double[] p = new double[model.concerns().size()];
                measure(name, "modelAloneWithItsAnalysis", lines, seconds, s -> {
                    model.score(f.of(s), p);
                    return p[0] > 0.5 ? 1 : 0;
                });
                System.out.printf(Locale.ROOT, "%-14s model %s: %,d bytes of weights on the heap (shared by all threads)%n",
                        "-", model.version(), model.memoryBytes());
            }
            measure(name, "regexAlternationBaseline", lines, seconds, s -> {
                Matcher m = baseline.matcher(s);
                int n = 0;
                while (m.find()) {
                    n++;
                }
                return n;
            });
        }
    }

    interface Work {
        int run(String line);
    }

    private static void measure(String pack, String bench, List<String> lines, double seconds, Work work) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sink = 0;
        // warm-up: same duration as the measurement
        for (int phase = 0; phase < 2; phase++) {
            long cpu0 = mx.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            long n = 0;
            while (mx.getCurrentThreadCpuTime() - cpu0 < seconds * 1e9) {
                for (int i = 0; i < 1000; i++) {
                    sink += work.run(lines.get((int) (n++ % lines.size())));
                }
            }
            double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
            double wall = (System.nanoTime() - wall0) / 1e9;
            if (phase == 1) {
                System.out.printf(Locale.ROOT, "%-14s %-26s %14.0f %14.0f%n", pack, bench, n / cpu, n / wall);
            }
        }
        if (sink == 42) {
            System.out.print("");
        }
    }
}
