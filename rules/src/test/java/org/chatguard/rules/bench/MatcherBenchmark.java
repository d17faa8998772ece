package org.chatguard.rules.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.Rule;
import org.chatguard.rules.RulePack;
import org.chatguard.rules.RulePackLoader;
import org.chatguard.rules.Verdict;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Messages per second on one core: the full engine (analysis chain + matcher + verdict) against the
 * default pack and against the default pack plus 10,000 generated rules, beside a naive baseline that
 * runs one big case-insensitive regex alternation of the same terms over the raw text (no folding, so
 * it also misses every evasion). Run with {@code rules/bench.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class MatcherBenchmark {

    @Param({"default", "generated10k"})
    public String pack;

    private ModerationEngine engine;
    private Pattern baseline;
    private String[] lines;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        RulePack p = pack.equals("default") ? RulePackLoader.defaultPack()
                : RulePackLoader.parse("generated10k.yaml", GeneratedPack.yaml(10_000, 99));
        engine = ModerationEngine.of(p);
        baseline = alternation(p);
        lines = ChatLines.generate(10_000, 1234).toArray(new String[0]);
    }

    private String line() {
        String s = lines[next];
        next = next + 1 == lines.length ? 0 : next + 1;
        return s;
    }

    @Benchmark
    public Verdict engine() {
        return engine.analyze(line());
    }

    @Benchmark
    public int regexAlternationBaseline() {
        Matcher m = baseline.matcher(line());
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** {@code \b(?:term1|term2|...)\b} over every term and proximity part of the pack. */
    static Pattern alternation(RulePack p) {
        List<String> alts = new ArrayList<>();
        for (Rule r : p.rules()) {
            List<String> terms = new ArrayList<>(r.terms());
            if (r.near() != null) {
                terms.addAll(r.near().a());
                terms.addAll(r.near().b());
            }
            for (String t : terms) {
                alts.add(toRegex(t));
            }
        }
        return Pattern.compile("\\b(?:" + String.join("|", alts) + ")\\b", Pattern.CASE_INSENSITIVE);
    }

    static String toRegex(String term) {
        StringBuilder b = new StringBuilder();
        for (char c : term.toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                b.append(c);
            } else if (Character.isWhitespace(c)) {
                b.append("\\s+");
            } else if (c == '[') {
                b.append("(?:");
            } else if (c == ']') {
                b.append(')');
            } else if (c == '|') {
                b.append('|');
            } else if (c == '*') {
                b.append("\\w*");
            } else {
                b.append('\\').append(c);
            }
        }
        return b.toString();
    }
}
