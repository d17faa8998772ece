package org.chatguard.rules.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.Decision;
import org.chatguard.model.RuleMatch;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.Verdict;
import org.chatguard.rules.decide.Decider;
import org.chatguard.rules.lang.LanguageRouter;
import org.chatguard.rules.risk.RiskConfig;
import org.chatguard.rules.risk.RiskEngine;

/**
 * Live pack against a candidate pack over the same messages, in one pass: what would change if the
 * candidate went live. Per message both engines decide (per message, or through the job's conversation and
 * user risk stages when stateful, each pack with its own risk state, as two jobs would have); the report
 * counts actions and categories on each side, which rules fire more or less often, the action changes, a
 * few example message ids per changed rule (ids only, never text), and with gold labels P/R/F1 for both.
 *
 * <p>Pure and deterministic: the caller supplies the messages in order and the time for each.
 */
public final class Backtest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LanguageRouter live;
    private final LanguageRouter candidate;
    private final RiskEngine liveRisk;
    private final RiskEngine candidateRisk;
    private final int examples;

    private long messages;
    private long changed;
    private final Map<Action, long[]> actions = new EnumMap<>(Action.class);
    private final Map<Category, long[]> categories = new EnumMap<>(Category.class);
    private final Map<String, long[]> ruleHits = new TreeMap<>();
    private final Map<String, Set<String>> gainedExamples = new TreeMap<>();
    private final Map<String, Set<String>> lostExamples = new TreeMap<>();
    private final Map<String, Long> transitions = new TreeMap<>();
    private final Evaluator.Counts liveGold = new Evaluator.Counts();
    private final Evaluator.Counts candidateGold = new Evaluator.Counts();
    private long gold;

    /**
     * @param risk     conversation/user risk settings for a stateful run, or {@code null} for per-message decisions
     * @param examples at most this many example message ids per gained or lost rule
     */
    public Backtest(ModerationEngine live, ModerationEngine candidate, RiskConfig risk, int examples) {
        this(LanguageRouter.withEnglish(Objects.requireNonNull(live, "live")),
                LanguageRouter.withEnglish(Objects.requireNonNull(candidate, "candidate")), risk, examples);
    }

    /**
     * Each side as the job reads messages ({@link LanguageRouter}: its English engine on every message, the
     * Spanish pack too on Spanish or mixed ones), so a Spanish line is decided here as the job decides it.
     */
    public Backtest(LanguageRouter live, LanguageRouter candidate, RiskConfig risk, int examples) {
        this.live = Objects.requireNonNull(live, "live");
        this.candidate = Objects.requireNonNull(candidate, "candidate");
        if (examples < 0) {
            throw new IllegalArgumentException("examples must be >= 0");
        }
        // stateful: the job's stages, split words read by each side's own pack
        this.liveRisk = risk == null ? null
                : new RiskEngine(risk).withSplitWords(live::analyze, org.chatguard.rules.risk.SplitWords.Config.defaults());
        this.candidateRisk = risk == null ? null
                : new RiskEngine(risk).withSplitWords(candidate::analyze, org.chatguard.rules.risk.SplitWords.Config.defaults());
        this.examples = examples;
    }

    /** @param goldFlag the label (true: staff should act), or {@code null} when the input has none */
    public void accept(ChatMessage m, Boolean goldFlag) {
        Decision l = decide(live, liveRisk, m);
        Decision c = decide(candidate, candidateRisk, m);
        messages++;
        actions.computeIfAbsent(l.action(), k -> new long[2])[0]++;
        actions.computeIfAbsent(c.action(), k -> new long[2])[1]++;
        for (Category cat : l.categories()) {
            categories.computeIfAbsent(cat, k -> new long[2])[0]++;
        }
        for (Category cat : c.categories()) {
            categories.computeIfAbsent(cat, k -> new long[2])[1]++;
        }
        Set<String> lr = ruleIds(l);
        Set<String> cr = ruleIds(c);
        for (String r : lr) {
            ruleHits.computeIfAbsent(r, k -> new long[2])[0]++;
            if (!cr.contains(r)) {
                example(lostExamples, r, m.id());
            }
        }
        for (String r : cr) {
            ruleHits.computeIfAbsent(r, k -> new long[2])[1]++;
            if (!lr.contains(r)) {
                example(gainedExamples, r, m.id());
            }
        }
        if (l.action() != c.action() || !lr.equals(cr) || !l.categories().equals(c.categories())) {
            changed++;
        }
        if (l.action() != c.action()) {
            transitions.merge(l.action() + " -> " + c.action(), 1L, Long::sum);
        }
        if (goldFlag != null) {
            gold++;
            liveGold.add(goldFlag, flagged(l));
            candidateGold.add(goldFlag, flagged(c));
        }
    }

    private static Decision decide(LanguageRouter engine, RiskEngine risk, ChatMessage m) {
        Verdict v = engine.analyze(m.text());
        if (risk == null) {
            return Decider.decide(m, v, m.sentAt()).decision();
        }
        return risk.process(m, v, m.sentAt()).decision();
    }

    /** The most sensitive reading, as {@code eval --flag-on any}: the site acted or a rule matched. */
    private static boolean flagged(Decision d) {
        return d.action() != Action.ALLOW || !d.matches().isEmpty();
    }

    private static Set<String> ruleIds(Decision d) {
        Set<String> ids = new LinkedHashSet<>();
        for (RuleMatch m : d.matches()) {
            ids.add(m.ruleId());
        }
        return ids;
    }

    private void example(Map<String, Set<String>> into, String rule, String id) {
        Set<String> s = into.computeIfAbsent(rule, k -> new LinkedHashSet<>());
        if (s.size() < examples) {
            s.add(id);
        }
    }

    /** Rules that fire on more (gained) or fewer (lost) messages with the candidate, largest change first. */
    public List<RuleChange> ruleChanges(boolean gained) {
        List<RuleChange> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : ruleHits.entrySet()) {
            long delta = e.getValue()[1] - e.getValue()[0];
            if (gained ? delta > 0 : delta < 0) {
                Set<String> ex = (gained ? gainedExamples : lostExamples).getOrDefault(e.getKey(), Set.of());
                out.add(new RuleChange(e.getKey(), e.getValue()[0], e.getValue()[1], List.copyOf(ex)));
            }
        }
        out.sort(Comparator.comparingLong((RuleChange r) -> -Math.abs(r.candidate() - r.live())).thenComparing(RuleChange::ruleId));
        return out;
    }

    /** @param live messages the rule fired on with the live pack; {@code candidate} likewise */
    public record RuleChange(String ruleId, long live, long candidate, List<String> exampleIds) {
    }

    public long messages() {
        return messages;
    }

    /** Messages whose action, categories or matched rules differ between the packs. */
    public long changed() {
        return changed;
    }

    public ObjectNode report() {
        ObjectNode o = JSON.createObjectNode();
        o.put("livePack", live.rulePackVersion());
        o.put("candidatePack", candidate.rulePackVersion());
        o.put("stateful", liveRisk != null);
        o.put("messages", messages);
        o.put("changed", changed);
        o.set("actions", sides(actions));
        o.set("categories", sides(categories));
        ObjectNode tr = o.putObject("actionChanges");
        transitions.forEach(tr::put);
        o.set("rulesGained", changes(ruleChanges(true)));
        o.set("rulesLost", changes(ruleChanges(false)));
        if (gold > 0) {
            ObjectNode g = o.putObject("gold");
            g.set("live", liveGold.json());
            g.set("candidate", candidateGold.json());
        }
        return o;
    }

    private static <K> ObjectNode sides(Map<K, long[]> m) {
        ObjectNode o = JSON.createObjectNode();
        m.forEach((k, v) -> {
            ObjectNode s = o.putObject(String.valueOf(k));
            s.put("live", v[0]);
            s.put("candidate", v[1]);
        });
        return o;
    }

    private static ArrayNode changes(List<RuleChange> list) {
        ArrayNode a = JSON.createArrayNode();
        for (RuleChange r : list) {
            ObjectNode o = a.addObject();
            o.put("rule", r.ruleId());
            o.put("live", r.live());
            o.put("candidate", r.candidate());
            ArrayNode ex = o.putArray("examples");
            r.exampleIds().forEach(ex::add);
        }
        return a;
    }

    /** The report as the aligned text table {@code chatguard backtest} prints. */
    public String table(int topRules) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("live %s vs candidate %s%s: %d messages, %d changed%n", live.rulePackVersion(),
                candidate.rulePackVersion(), liveRisk != null ? " (stateful)" : "", messages, changed));
        b.append(String.format("%-28s %10s %10s %10s%n", "action / category", "live", "candidate", "delta"));
        actions.forEach((k, v) -> row(b, "action " + k, v));
        categories.forEach((k, v) -> row(b, "category " + k, v));
        if (!transitions.isEmpty()) {
            b.append("action changes: ");
            transitions.forEach((k, v) -> b.append(k).append(" x").append(v).append("  "));
            b.append('\n');
        }
        rules(b, "rules gained", ruleChanges(true), topRules);
        rules(b, "rules lost", ruleChanges(false), topRules);
        if (gold > 0) {
            b.append(String.format("gold (%d labelled)%12s %7s %7s %7s%n", gold, "P", "R", "F1", "FPR"));
            goldRow(b, "live", liveGold);
            goldRow(b, "candidate", candidateGold);
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String name, long[] v) {
        b.append(String.format("%-28s %10d %10d %+10d%n", name, v[0], v[1], v[1] - v[0]));
    }

    private static void rules(StringBuilder b, String title, List<RuleChange> list, int top) {
        b.append(title).append(list.isEmpty() ? ": none" : ":").append('\n');
        for (RuleChange r : list.subList(0, Math.min(top, list.size()))) {
            b.append(String.format("  %-32s %8d -> %-8d e.g. %s%n", r.ruleId(), r.live(), r.candidate(),
                    String.join(", ", r.exampleIds())));
        }
        if (list.size() > top) {
            b.append("  ... ").append(list.size() - top).append(" more\n");
        }
    }

    private static void goldRow(StringBuilder b, String name, Evaluator.Counts c) {
        b.append(String.format("  %-24s %7.3f %7.3f %7.3f %7.3f%n", name, c.precision(), c.recall(), c.f1(), c.fpr()));
    }
}
