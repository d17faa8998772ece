package org.chatguard.rules.eval;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.chatguard.model.Category;
import org.chatguard.model.ShadowDiff;

/**
 * Summary of a shadow run from its {@link ShadowDiff} records: how many messages the candidate would have decided
 * differently, action changes (live to candidate), categories and rules the candidate gains or loses (with a few
 * example message ids), per candidate version. Ids only, as the records hold no text.
 */
public final class ShadowReport {

    /** Counts for one rule or category: messages where only the candidate matched it, or only the live pack. */
    public record Change(String name, long gained, long lost, List<String> examples) {
    }

    private final int examples;
    private long diffs;
    private final Map<String, Long> versions = new TreeMap<>();
    private final Map<String, Long> actionChanges = new TreeMap<>();
    private final Map<String, long[]> rules = new TreeMap<>();
    private final Map<String, List<String>> ruleExamples = new LinkedHashMap<>();
    private final Map<Category, long[]> categories = new TreeMap<>();

    public ShadowReport(int examples) {
        if (examples < 0) {
            throw new IllegalArgumentException("examples must be >= 0");
        }
        this.examples = examples;
    }

    public void accept(ShadowDiff d) {
        diffs++;
        versions.merge(d.liveVersion() + " -> " + d.candidateVersion(), 1L, Long::sum);
        if (d.liveAction() != d.candidateAction()) {
            actionChanges.merge(d.liveAction() + " -> " + d.candidateAction(), 1L, Long::sum);
        }
        Set<String> live = new HashSet<>(d.liveRules());
        Set<String> cand = new HashSet<>(d.candidateRules());
        for (String r : d.candidateRules()) {
            if (!live.contains(r)) {
                count(r, 0, d.messageId());
            }
        }
        for (String r : d.liveRules()) {
            if (!cand.contains(r)) {
                count(r, 1, d.messageId());
            }
        }
        for (Category c : d.candidateCategories()) {
            if (!d.liveCategories().contains(c)) {
                categories.computeIfAbsent(c, k -> new long[2])[0]++;
            }
        }
        for (Category c : d.liveCategories()) {
            if (!d.candidateCategories().contains(c)) {
                categories.computeIfAbsent(c, k -> new long[2])[1]++;
            }
        }
    }

    private void count(String rule, int which, String id) {
        rules.computeIfAbsent(rule, k -> new long[2])[which]++;
        List<String> ex = ruleExamples.computeIfAbsent(rule, k -> new ArrayList<>());
        if (ex.size() < examples) {
            ex.add(id);
        }
    }

    public long diffs() {
        return diffs;
    }

    public Map<String, Long> actionChanges() {
        return actionChanges;
    }

    /** Rules the candidate gains or loses, most changed first. */
    public List<Change> ruleChanges() {
        List<Change> out = new ArrayList<>();
        rules.forEach((r, c) -> out.add(new Change(r, c[0], c[1], List.copyOf(ruleExamples.get(r)))));
        out.sort(Comparator.comparingLong((Change c) -> -(c.gained() + c.lost())).thenComparing(Change::name));
        return out;
    }

    public ObjectNode json(ObjectMapper mapper) {
        ObjectNode o = mapper.createObjectNode();
        o.put("diffs", diffs);
        ObjectNode v = o.putObject("versions");
        versions.forEach(v::put);
        ObjectNode a = o.putObject("actionChanges");
        actionChanges.forEach(a::put);
        ObjectNode cats = o.putObject("categories");
        categories.forEach((c, n) -> {
            ObjectNode x = cats.putObject(c.name());
            x.put("gained", n[0]);
            x.put("lost", n[1]);
        });
        ArrayNode rs = o.putArray("rules");
        for (Change c : ruleChanges()) {
            ObjectNode x = rs.addObject();
            x.put("rule", c.name());
            x.put("gained", c.gained());
            x.put("lost", c.lost());
            ArrayNode ex = x.putArray("examples");
            c.examples().forEach(ex::add);
        }
        return o;
    }

    public void print(PrintStream out) {
        out.printf("shadow diffs: %d message(s) the candidate would decide differently%n", diffs);
        versions.forEach((k, n) -> out.printf("  packs %s: %d%n", k, n));
        if (!actionChanges.isEmpty()) {
            out.println("action changes (live -> candidate):");
            actionChanges.forEach((k, n) -> out.printf("  %-20s %8d%n", k, n));
        }
        if (!categories.isEmpty()) {
            out.printf("%-22s %8s %8s%n", "category", "gained", "lost");
            categories.forEach((c, n) -> out.printf("%-22s %8d %8d%n", c.name(), n[0], n[1]));
        }
        if (!rules.isEmpty()) {
            out.printf("%-32s %8s %8s  %s%n", "rule", "gained", "lost", "examples");
            for (Change c : ruleChanges()) {
                out.printf("%-32s %8d %8d  %s%n", c.name(), c.gained(), c.lost(), String.join(", ", c.examples()));
            }
        }
    }
}
