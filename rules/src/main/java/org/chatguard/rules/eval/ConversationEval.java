package org.chatguard.rules.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.chatguard.model.Category;
import org.chatguard.model.Tier;

/**
 * The early-warning measure of {@code chatguard eval --conversations}: whole labelled conversations, the
 * alerts the stateful scorer raised on them, and per conversation whether staff would have been told at the
 * right tier and how many messages before (or after) the labelled act-by message.
 *
 * <p>Definitions (documented in the README's eval section and corpus/README.md):
 * <ul>
 * <li><b>caught</b>: a harmful conversation got an alert whose tier is at least the labelled tier (a
 *     SAFEGUARDING alert on a conversation labelled COUNSELLOR counts: the right people see it and more). The
 *     alert's category does not have to match the label's: what matters is who is told. An alert below the
 *     labelled tier is <b>below tier</b>, not caught.</li>
 * <li><b>lead</b> = index(act-by) − index(message at which the first right-tier alert was raised), in messages
 *     of the conversation: positive, staff were told before the act-by message; 0, on it; negative, late.</li>
 * <li><b>caught in time</b>: lead &gt;= −grace (grace 0 by default: the alert is raised on or before the act-by
 *     message). A later alert is still <i>caught</i>, counted as late.</li>
 * <li><b>false alert</b>: an innocent conversation with any alert at any tier, reported by its highest tier.</li>
 * </ul>
 * Pure: the caller runs the scorer and hands over what it raised ({@link Raised}).
 */
public final class ConversationEval {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConversationEval() {
    }

    /** One line of {@code *.labels.jsonl}. {@code category}, {@code tier}, {@code actBy}: null when innocent. */
    public record Label(String conversationId, String split, boolean harmful, String category, Tier tier, String actBy,
                        String shape) {
    }

    /** A message of the corpus, in file order (its text is not kept). */
    public record Msg(String conversationId, String id, Instant sentAt) {
    }

    /** An alert (or alert update) as raised, at the message it was raised on. */
    public record Raised(String conversationId, Tier tier, Category category, String messageId) {
    }

    /**
     * @param firstAlert index of the message at which the first right-tier alert was raised, -1 if none
     * @param actByIndex index of the act-by message, -1 for an innocent conversation
     * @param topTier    the highest tier raised on the conversation, null if none
     * @param categories the categories of every alert raised on it
     */
    public record Result(Label label, int messages, int actByIndex, int firstAlert, Tier topTier, Set<Category> categories,
                         int grace) {

        public boolean alerted() {
            return topTier != null;
        }

        public boolean caught() {
            return label.harmful() && firstAlert >= 0;
        }

        public boolean belowTier() {
            return label.harmful() && firstAlert < 0 && topTier != null;
        }

        /** Messages before the act-by message at which staff were told; only meaningful when {@link #caught}. */
        public int lead() {
            return actByIndex - firstAlert;
        }

        public boolean inTime() {
            return caught() && lead() >= -grace;
        }

        public boolean falseAlert() {
            return !label.harmful() && topTier != null;
        }
    }

    /** The message an alert raised at time {@code t} belongs to: offline time is the input's, so the latest message at or before it. */
    public static String messageAt(List<Msg> conversation, Instant t) {
        String id = null;
        for (Msg m : conversation) {
            if (m.sentAt().isAfter(t)) {
                break;
            }
            id = m.id();
        }
        return id != null ? id : conversation.isEmpty() ? null : conversation.get(0).id();
    }

    /**
     * Scores every labelled conversation. A label whose conversation has no messages, or whose act-by message is
     * not in it, is a corpus error ({@link IllegalArgumentException}); alerts on unlabelled conversations are ignored.
     */
    public static List<Result> score(List<Label> labels, List<Msg> messages, List<Raised> raised, int grace) {
        if (grace < 0) {
            throw new IllegalArgumentException("grace must be >= 0");
        }
        Map<String, Map<String, Integer>> index = new HashMap<>();
        for (Msg m : messages) {
            Map<String, Integer> conv = index.computeIfAbsent(m.conversationId(), k -> new HashMap<>());
            conv.putIfAbsent(m.id(), conv.size());
        }
        Map<String, List<Raised>> byConv = new HashMap<>();
        for (Raised r : raised) {
            byConv.computeIfAbsent(r.conversationId(), k -> new ArrayList<>()).add(r);
        }
        List<Result> out = new ArrayList<>(labels.size());
        for (Label l : labels) {
            Map<String, Integer> conv = index.get(l.conversationId());
            if (conv == null) {
                throw new IllegalArgumentException("label " + l.conversationId() + ": no messages for this conversation");
            }
            int actBy = -1;
            if (l.harmful()) {
                Integer i = conv.get(l.actBy());
                if (i == null) {
                    throw new IllegalArgumentException("label " + l.conversationId() + ": actBy " + l.actBy() + " is not one of its messages");
                }
                actBy = i;
            }
            int first = -1;
            Tier top = null;
            Set<Category> cats = EnumSet.noneOf(Category.class);
            for (Raised r : byConv.getOrDefault(l.conversationId(), List.of())) {
                Integer at = conv.get(r.messageId());
                if (at == null || r.tier() == null) {
                    continue;
                }
                top = r.tier().max(top);
                if (r.category() != null) {
                    cats.add(r.category());
                }
                if (l.harmful() && r.tier().ordinal() >= l.tier().ordinal() && (first < 0 || at < first)) {
                    first = at;
                }
            }
            out.add(new Result(l, conv.size(), actBy, first, top, cats, grace));
        }
        return out;
    }

    /** Counts over a set of results. */
    public record Summary(int harmful, int caughtInTime, int caught, int belowTier, Double medianLead, int innocent,
                          int falseAlerts, Map<Tier, Integer> falseAlertsByTier) {

        public double inTimeShare() {
            return harmful == 0 ? 0 : (double) caughtInTime / harmful;
        }

        public double caughtShare() {
            return harmful == 0 ? 0 : (double) caught / harmful;
        }

        public double falseAlertRate() {
            return innocent == 0 ? 0 : (double) falseAlerts / innocent;
        }
    }

    public static Summary summarize(Collection<Result> results) {
        int harmful = 0;
        int inTime = 0;
        int caught = 0;
        int below = 0;
        int innocent = 0;
        int falseAlerts = 0;
        Map<Tier, Integer> byTier = new EnumMap<>(Tier.class);
        for (Tier t : Tier.values()) {
            byTier.put(t, 0);
        }
        List<Integer> leads = new ArrayList<>();
        for (Result r : results) {
            if (r.label().harmful()) {
                harmful++;
                if (r.caught()) {
                    caught++;
                    leads.add(r.lead());
                }
                if (r.inTime()) {
                    inTime++;
                }
                if (r.belowTier()) {
                    below++;
                }
            } else {
                innocent++;
                if (r.falseAlert()) {
                    falseAlerts++;
                    byTier.merge(r.topTier(), 1, Integer::sum);
                }
            }
        }
        return new Summary(harmful, inTime, caught, below, median(leads), innocent, falseAlerts, byTier);
    }

    static Double median(List<Integer> xs) {
        if (xs.isEmpty()) {
            return null;
        }
        List<Integer> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2.0;
    }

    /** Rows of the report: everything, then per split, then per split and category; each with what it covers. */
    public static Map<String, Summary> rows(List<Result> results) {
        Map<String, Predicate<Result>> groups = new LinkedHashMap<>();
        groups.put("all / all", r -> true);
        TreeMap<String, TreeMap<String, Boolean>> splits = new TreeMap<>();
        for (Result r : results) {
            splits.computeIfAbsent(split(r), k -> new TreeMap<>()).put(category(r), true);
        }
        for (var s : splits.entrySet()) {
            String split = s.getKey();
            groups.put(split + " / all", r -> split(r).equals(split));
            for (String cat : s.getValue().keySet()) {
                groups.put(split + " / " + cat, r -> split(r).equals(split) && category(r).equals(cat));
            }
        }
        Map<String, Summary> out = new LinkedHashMap<>();
        groups.forEach((name, p) -> out.put(name, summarize(results.stream().filter(p).toList())));
        return out;
    }

    private static String split(Result r) {
        return r.label().split() == null ? "-" : r.label().split();
    }

    /** Harmful conversations by their category; innocent ones together, as "innocent". */
    private static String category(Result r) {
        return r.label().harmful() ? String.valueOf(r.label().category()) : "innocent";
    }

    /** The text report: a table of {@link #rows}, then (with {@code details}) one line per conversation, ids and numbers only. */
    public static String report(List<Result> results, boolean details) {
        StringBuilder sb = new StringBuilder();
        int grace = results.isEmpty() ? 0 : results.get(0).grace();
        sb.append(String.format(Locale.ROOT,
                "conversations: %d; caught = an alert at or above the labelled tier; in time = raised at or before the act-by message%s;%n"
                        + "lead = messages before act-by (negative: late), median over caught; false alert = any alert on an innocent conversation%n",
                results.size(), grace == 0 ? "" : " or at most " + grace + " after"));
        sb.append(String.format(Locale.ROOT, "%-30s %7s %14s %14s %6s %7s %8s %14s %s%n", "split / category", "harmful",
                "in time", "caught", "below", "lead", "innocent", "false alerts", "M/C/S"));
        for (var e : rows(results).entrySet()) {
            Summary s = e.getValue();
            sb.append(String.format(Locale.ROOT, "%-30s %7d %14s %14s %6d %7s %8d %14s %s%n", e.getKey(), s.harmful(),
                    share(s.caughtInTime(), s.harmful()), share(s.caught(), s.harmful()), s.belowTier(),
                    s.medianLead() == null ? "-" : String.format(Locale.ROOT, "%.1f", s.medianLead()), s.innocent(),
                    share(s.falseAlerts(), s.innocent()), tiers(s.falseAlertsByTier())));
        }
        if (details) {
            sb.append(String.format(Locale.ROOT, "%n%-10s %-5s %-14s %-12s %4s %5s %5s %5s %-12s %-8s %s%n", "id", "split",
                    "category", "tier", "msgs", "actBy", "alert", "lead", "top tier", "outcome", "alert categories"));
            for (Result r : results) {
                Label l = r.label();
                sb.append(String.format(Locale.ROOT, "%-10s %-5s %-14s %-12s %4d %5s %5s %5s %-12s %-8s %s%n",
                        l.conversationId(), split(r), l.harmful() ? l.category() : "innocent", l.harmful() ? l.tier() : "-",
                        r.messages(), r.actByIndex() < 0 ? "-" : String.valueOf(r.actByIndex() + 1),
                        r.firstAlert() < 0 ? "-" : String.valueOf(r.firstAlert() + 1), r.caught() ? String.valueOf(r.lead()) : "-",
                        r.topTier() == null ? "-" : r.topTier(), outcome(r), r.categories()));
            }
        }
        return sb.toString();
    }

    /** in-time, late, below-tier, missed for harmful conversations; clean or false-alert for innocent ones. */
    public static String outcome(Result r) {
        if (!r.label().harmful()) {
            return r.falseAlert() ? "false" : "clean";
        }
        return r.inTime() ? "in-time" : r.caught() ? "late" : r.belowTier() ? "below" : "missed";
    }

    private static String share(int k, int n) {
        return n == 0 ? "-" : String.format(Locale.ROOT, "%d (%.1f%%)", k, 100.0 * k / n);
    }

    private static String tiers(Map<Tier, Integer> m) {
        return m.get(Tier.MODERATOR) + "/" + m.get(Tier.COUNSELLOR) + "/" + m.get(Tier.SAFEGUARDING);
    }

    public static ObjectNode json(List<Result> results, boolean details) {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode rows = o.putObject("rows");
        rows(results).forEach((name, s) -> {
            ObjectNode r = rows.putObject(name);
            r.put("harmful", s.harmful());
            r.put("caughtInTime", s.caughtInTime());
            r.put("caught", s.caught());
            r.put("belowTier", s.belowTier());
            r.put("inTimeShare", round(s.inTimeShare()));
            r.put("caughtShare", round(s.caughtShare()));
            if (s.medianLead() != null) {
                r.put("medianLead", s.medianLead());
            }
            r.put("innocent", s.innocent());
            r.put("falseAlerts", s.falseAlerts());
            r.put("falseAlertRate", round(s.falseAlertRate()));
            ObjectNode t = r.putObject("falseAlertsByTier");
            s.falseAlertsByTier().forEach((k, v) -> t.put(k.name(), v));
        });
        if (details) {
            ArrayNode a = o.putArray("conversations");
            for (Result r : results) {
                ObjectNode c = a.addObject();
                c.put("conversationId", r.label().conversationId());
                c.put("split", split(r));
                c.put("category", category(r));
                c.put("outcome", outcome(r));
                c.put("messages", r.messages());
                if (r.actByIndex() >= 0) {
                    c.put("actBy", r.actByIndex() + 1);
                }
                if (r.firstAlert() >= 0) {
                    c.put("firstRightTierAlert", r.firstAlert() + 1);
                    c.put("lead", r.lead());
                }
                if (r.topTier() != null) {
                    c.put("topTier", r.topTier().name());
                }
                ArrayNode cats = c.putArray("alertCategories");
                r.categories().forEach(x -> cats.add(x.name()));
            }
        }
        return o;
    }

    private static double round(double d) {
        return Math.round(d * 10000) / 10000.0;
    }

    /** Reads a labels file; a line that is not a valid label is an error naming the file and line. */
    public static List<Label> readLabels(Path file) throws IOException {
        List<Label> out = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(readLabel(JSON.readTree(line)));
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + n + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    public static Label readLabel(JsonNode j) {
        String id = text(j, "conversationId");
        if (id == null) {
            throw new IllegalArgumentException("conversationId is required");
        }
        if (!j.has("harmful") || !j.get("harmful").isBoolean()) {
            throw new IllegalArgumentException("harmful (true/false) is required");
        }
        boolean harmful = j.get("harmful").booleanValue();
        Tier tier = null;
        String actBy = text(j, "actBy");
        if (harmful) {
            String t = text(j, "tier");
            if (t == null || actBy == null) {
                throw new IllegalArgumentException("a harmful conversation needs tier and actBy");
            }
            tier = Tier.valueOf(t.toUpperCase(Locale.ROOT));
        }
        return new Label(id, text(j, "split"), harmful, text(j, "category"), tier, harmful ? actBy : null, text(j, "shape"));
    }

    /** Reads the messages of a corpus file: conversation, id and time of each line, in order (the text is not kept). */
    public static List<Msg> readMessages(Path file) throws IOException {
        List<Msg> out = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode j = JSON.readTree(line);
            String conv = text(j, "conversationId");
            String id = text(j, "id");
            String sent = text(j, "sentAt");
            if (conv == null || id == null || sent == null) {
                throw new IllegalArgumentException(file + " line " + n + ": conversationId, id and sentAt are required");
            }
            out.add(new Msg(conv, id, Instant.parse(sent)));
        }
        return out;
    }

    private static String text(JsonNode j, String field) {
        JsonNode v = j.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
