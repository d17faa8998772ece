package org.chatguard.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.Tier;
import org.chatguard.rules.SourceTree.Node;

/**
 * Parses and validates rule packs (YAML or JSON, see {@code rules/README.md}). Every field is checked
 * and the whole pack is compiled before anything is returned, so a pack is either loaded completely or
 * rejected with a {@link RulePackException} naming the line, field and reason.
 */
public final class RulePackLoader {

    /** Classpath location of the bundled English pack. */
    public static final String DEFAULT_PACK_RESOURCE = "/org/chatguard/rules/default-pack.yaml";

    public static final int MAX_SEVERITY = 5;
    public static final int MAX_NEAR_WITHIN = 20;
    public static final long MAX_PACK_BYTES = 32L * 1024 * 1024;

    /** The grooming stages a rule or combo may name: those the conversation scorer tracks. */
    public static final Set<String> STAGES = java.util.Arrays.stream(org.chatguard.rules.risk.GroomingStage.values())
            .map(org.chatguard.rules.risk.GroomingStage::code).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private static final Set<String> TOP_FIELDS = Set.of("version", "description", "sources", "licence", "license",
            "settings", "allow", "rules", "combos");
    private static final Set<String> RULE_FIELDS = Set.of("id", "category", "severity", "action", "alert", "stage",
            "reason", "terms", "near", "pattern", "group", "requires", "unless", "notes");
    private static final Set<String> NEAR_FIELDS = Set.of("a", "b", "within", "ordered");
    private static final Set<String> REQUIRES_FIELDS = Set.of("chars", "digits", "words", "letter-digit", "at-trigger");
    private static final Set<String> COMBO_FIELDS = Set.of("id", "stages", "min", "including", "category", "severity", "alert", "reason", "notes");
    private static final Set<String> SETTINGS_FIELDS = Set.of("pattern-input-limit", "pattern-budget-per-char",
            "evidence-profanity");

    private static volatile RulePack defaultPack;

    private RulePackLoader() {}

    /** Parses a pack from text; {@code sourceName} is used in error messages. */
    public static RulePack parse(String sourceName, String content) throws RulePackException {
        if (content == null) {
            throw new RulePackException(sourceName, 0, 0, "", "no content");
        }
        Node root = SourceTree.parse(sourceName, content);
        return new Validator(sourceName).pack(root);
    }

    public static RulePack load(Path path) throws RulePackException {
        String name = String.valueOf(path);
        try {
            if (Files.size(path) > MAX_PACK_BYTES) {
                throw new RulePackException(name, 0, 0, "", "file larger than " + MAX_PACK_BYTES + " bytes");
            }
            byte[] bytes = Files.readAllBytes(path);
            return parse(name, decode(name, bytes));
        } catch (IOException e) {
            throw new RulePackException(name, 0, 0, "", "cannot read: " + e, e);
        }
    }

    /** The bundled default English pack (parsed once, then shared). */
    public static RulePack defaultPack() {
        RulePack p = defaultPack;
        if (p == null) {
            synchronized (RulePackLoader.class) {
                p = defaultPack;
                if (p == null) {
                    try (InputStream in = RulePackLoader.class.getResourceAsStream(DEFAULT_PACK_RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException("missing classpath resource " + DEFAULT_PACK_RESOURCE);
                        }
                        p = parse("default-pack.yaml", decode("default-pack.yaml", in.readAllBytes()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (RulePackException e) {
                        throw new IllegalStateException("bundled rule pack is invalid: " + e.getMessage(), e);
                    }
                    defaultPack = p;
                }
            }
        }
        return p;
    }

    private static String decode(String name, byte[] bytes) throws RulePackException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new RulePackException(name, 0, 0, "", "not valid UTF-8", e);
        }
    }

    /** Walks the source tree; every error carries the node's location and field path. */
    private static final class Validator {
        private final String source;

        Validator(String source) {
            this.source = source;
        }

        private RulePackException error(Node n, String field, String reason) {
            return new RulePackException(source, n == null ? 0 : n.line(), n == null ? 0 : n.column(), field, reason);
        }

        RulePack pack(Node root) throws RulePackException {
            if (!root.isMap()) {
                throw error(root, "", "a rule pack must be a mapping with 'version' and 'rules'");
            }
            Map<String, Node> m = root.map();
            unknown(m, TOP_FIELDS, "");
            String version = requiredString(root, m, "version", "version");
            if (!version.matches("[A-Za-z0-9][A-Za-z0-9._+\\-]{0,63}")) {
                throw error(m.get("version"), "version", "must be 1-64 letters, digits, '.', '_', '+' or '-'");
            }
            String description = optionalString(m, "description", "description", "");
            int inputLimit = RulePack.DEFAULT_PATTERN_INPUT_LIMIT;
            int budget = RulePack.DEFAULT_PATTERN_BUDGET_PER_CHAR;
            boolean showProfanity = false;
            Node settings = m.get("settings");
            if (settings != null) {
                if (!settings.isMap()) {
                    throw error(settings, "settings", "must be a mapping");
                }
                unknown(settings.map(), SETTINGS_FIELDS, "settings.");
                inputLimit = optionalInt(settings.map(), "pattern-input-limit", "settings.pattern-input-limit", inputLimit, 100, 10_000_000);
                budget = optionalInt(settings.map(), "pattern-budget-per-char", "settings.pattern-budget-per-char", budget, 10, 100_000);
                String ev = optionalString(settings.map(), "evidence-profanity", "settings.evidence-profanity", "masked");
                if (!ev.equals("masked") && !ev.equals("shown")) {
                    throw error(settings.map().get("evidence-profanity"), "settings.evidence-profanity",
                            "must be 'masked' or 'shown' (got '" + ev + "')");
                }
                showProfanity = ev.equals("shown");
            }
            List<String> allow = new ArrayList<>();
            Node allowNode = m.get("allow");
            if (allowNode != null) {
                List<Node> items = list(allowNode, "allow");
                for (int i = 0; i < items.size(); i++) {
                    String f = "allow[" + i + "]";
                    String a = scalar(items.get(i), f);
                    try {
                        List<List<TermSyntax.Word>> ph = TermSyntax.parse(a);
                        for (List<TermSyntax.Word> p : ph) {
                            if (p.size() != 1) {
                                throw new IllegalArgumentException("allow-list entries are single words");
                            }
                        }
                    } catch (IllegalArgumentException e) {
                        throw error(items.get(i), f, e.getMessage());
                    }
                    allow.add(a);
                }
            }
            Node rulesNode = m.get("rules");
            if (rulesNode == null) {
                throw error(root, "rules", "missing required field");
            }
            List<Node> ruleNodes = list(rulesNode, "rules");
            if (ruleNodes.isEmpty()) {
                throw error(rulesNode, "rules", "a pack needs at least one rule");
            }
            List<Rule> rules = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            Set<String> stagesUsed = new HashSet<>();
            for (int i = 0; i < ruleNodes.size(); i++) {
                Rule r = rule(ruleNodes.get(i), "rules[" + i + "]");
                if (!ids.add(r.id())) {
                    throw error(ruleNodes.get(i).map().get("id"), "rules[" + i + "].id", "duplicate rule id '" + r.id() + "'");
                }
                if (r.stage() != null) {
                    stagesUsed.add(r.stage());
                }
                rules.add(r);
            }
            List<Combo> combos = new ArrayList<>();
            Node combosNode = m.get("combos");
            if (combosNode != null) {
                List<Node> cn = list(combosNode, "combos");
                for (int i = 0; i < cn.size(); i++) {
                    Combo c = combo(cn.get(i), "combos[" + i + "]");
                    if (!ids.add(c.id())) {
                        throw error(cn.get(i).map().get("id"), "combos[" + i + "].id", "duplicate id '" + c.id() + "'");
                    }
                    combos.add(c);
                }
            }
            try {
                return new RulePack(version, description, source, rules, allow, combos, inputLimit, budget, showProfanity);
            } catch (IllegalArgumentException e) {
                // validation above should have caught everything; never half-load
                throw error(root, "", "cannot compile pack: " + e.getMessage());
            }
        }

        private Rule rule(Node n, String f) throws RulePackException {
            if (!n.isMap()) {
                throw error(n, f, "a rule must be a mapping");
            }
            Map<String, Node> m = n.map();
            unknown(m, RULE_FIELDS, f + ".");
            String id = requiredString(n, m, "id", f + ".id");
            if (!id.matches("[a-z0-9][a-z0-9._\\-]{0,79}")) {
                throw error(m.get("id"), f + ".id", "must be 1-80 lower-case letters, digits, '.', '_' or '-'");
            }
            Category category = category(n, m, f);
            int severity = optionalInt(m, "severity", f + ".severity", -1, 1, MAX_SEVERITY);
            if (severity < 0) {
                throw error(n, f + ".severity", "missing required field (1-" + MAX_SEVERITY + ")");
            }
            String act = requiredString(n, m, "action", f + ".action").toLowerCase(Locale.ROOT);
            Action action = switch (act) {
                case "mask" -> Action.MASK;
                case "hold" -> Action.HOLD;
                case "block" -> Action.BLOCK;
                case "flag", "allow", "alert" -> Action.ALLOW;
                default -> throw error(m.get("action"), f + ".action", "must be one of mask, hold, block, flag, alert (got '" + act + "')");
            };
            Tier alert = tier(m, f + ".alert");
            if (act.equals("alert") && alert == null) {
                throw error(m.get("action"), f + ".alert", "action 'alert' needs an alert tier (moderator, counsellor, safeguarding)");
            }
            String stage = null;
            if (m.containsKey("stage")) {
                stage = scalar(m.get("stage"), f + ".stage").toLowerCase(Locale.ROOT);
                if (!STAGES.contains(stage)) {
                    throw error(m.get("stage"), f + ".stage", "unknown grooming stage '" + stage + "', expected one of " + new java.util.TreeSet<>(STAGES));
                }
                if (category != Category.GROOMING) {
                    throw error(m.get("stage"), f + ".stage", "only grooming rules have a stage");
                }
            }
            String reason = optionalString(m, "reason", f + ".reason", id);
            int kinds = (m.containsKey("terms") ? 1 : 0) + (m.containsKey("near") ? 1 : 0) + (m.containsKey("pattern") ? 1 : 0);
            if (kinds != 1) {
                throw error(n, f, "a rule needs exactly one of 'terms', 'near' or 'pattern' (found " + kinds + ")");
            }
            if (!m.containsKey("pattern") && (m.containsKey("group") || m.containsKey("requires"))) {
                throw error(m.containsKey("group") ? m.get("group") : m.get("requires"), f, "'group' and 'requires' only apply to 'pattern' rules");
            }
            List<String> terms = null;
            Rule.Near near = null;
            Rule.Pattern pattern = null;
            if (m.containsKey("terms")) {
                terms = termList(m.get("terms"), f + ".terms");
            } else if (m.containsKey("near")) {
                Node nn = m.get("near");
                if (!nn.isMap()) {
                    throw error(nn, f + ".near", "must be a mapping with a, b and within");
                }
                Map<String, Node> nm = nn.map();
                unknown(nm, NEAR_FIELDS, f + ".near.");
                if (!nm.containsKey("a") || !nm.containsKey("b")) {
                    throw error(nn, f + ".near", "needs both 'a' and 'b'");
                }
                List<String> a = termList(nm.get("a"), f + ".near.a");
                List<String> b = termList(nm.get("b"), f + ".near.b");
                int within = optionalInt(nm, "within", f + ".near.within", -1, 0, MAX_NEAR_WITHIN);
                if (within < 0) {
                    throw error(nn, f + ".near.within", "missing required field (0-" + MAX_NEAR_WITHIN + " words)");
                }
                boolean ordered = true;
                if (nm.containsKey("ordered")) {
                    Node o = nm.get("ordered");
                    if (!(o.value() instanceof Boolean)) {
                        throw error(o, f + ".near.ordered", "must be true or false");
                    }
                    ordered = (Boolean) o.value();
                }
                near = new Rule.Near(a, b, within, ordered);
            } else {
                String regex = scalar(m.get("pattern"), f + ".pattern");
                try {
                    SafeRegex.compile(regex);
                } catch (IllegalArgumentException e) {
                    throw error(m.get("pattern"), f + ".pattern", e.getMessage());
                }
                int groups = java.util.regex.Pattern.compile(regex).matcher("").groupCount();
                int group = optionalInt(m, "group", f + ".group", 0, 0, 99);
                if (group > groups) {
                    throw error(m.get("group"), f + ".group", "pattern has only " + groups + " capture group(s)");
                }
                String chars = "";
                int digits = 0;
                List<String> words = List.of();
                boolean letterDigit = false;
                boolean atTrigger = false;
                Node req = m.get("requires");
                if (req != null) {
                    if (!req.isMap()) {
                        throw error(req, f + ".requires", "must be a mapping with 'chars' and/or 'digits'");
                    }
                    unknown(req.map(), REQUIRES_FIELDS, f + ".requires.");
                    chars = optionalString(req.map(), "chars", f + ".requires.chars", "");
                    digits = optionalInt(req.map(), "digits", f + ".requires.digits", 0, 0, 1000);
                    Node ld = req.map().get("letter-digit");
                    if (ld != null) {
                        if (!(ld.value() instanceof Boolean)) {
                            throw error(ld, f + ".requires.letter-digit", "must be true or false");
                        }
                        letterDigit = (Boolean) ld.value();
                    }
                    Node at = req.map().get("at-trigger");
                    if (at != null) {
                        if (!(at.value() instanceof Boolean)) {
                            throw error(at, f + ".requires.at-trigger", "must be true or false");
                        }
                        atTrigger = (Boolean) at.value();
                        if (atTrigger && !req.map().containsKey("words")) {
                            throw error(at, f + ".requires.at-trigger", "needs requires.words");
                        }
                    }
                    if (req.map().containsKey("words")) {
                        words = termList(req.map().get("words"), f + ".requires.words");
                    }
                }
                int upper = upperCaseLiteral(regex);
                if (upper >= 0) {
                    throw error(m.get("pattern"), f + ".pattern", "patterns run over folded lower-case text; the upper-case letter at index "
                            + upper + " can never match (write it in lower case)");
                }
                pattern = new Rule.Pattern(regex, group, chars, digits, words, letterDigit, atTrigger);
            }
            List<String> unless = List.of();
            if (m.containsKey("unless")) {
                if (pattern != null) {
                    throw error(m.get("unless"), f + ".unless", "'unless' applies to 'terms' and 'near' rules (a pattern can exclude contexts itself)");
                }
                unless = termList(m.get("unless"), f + ".unless");
            }
            return new Rule(id, category, severity, action, alert, stage, reason, terms, near, pattern, unless, n.line());
        }

        /** Index of an upper-case literal letter in a regex (escapes, properties and group names excepted), or -1. */
        private static int upperCaseLiteral(String re) {
            for (int i = 0; i < re.length(); i++) {
                char c = re.charAt(i);
                if (c == '\\') {
                    if (i + 2 < re.length() && (re.charAt(i + 1) == 'p' || re.charAt(i + 1) == 'P') && re.charAt(i + 2) == '{') {
                        int close = re.indexOf('}', i);
                        i = close < 0 ? re.length() : close;
                    } else {
                        i++;
                    }
                } else if (c == '(' && re.startsWith("(?<", i) && i + 3 < re.length() && re.charAt(i + 3) != '=' && re.charAt(i + 3) != '!') {
                    int close = re.indexOf('>', i);
                    i = close < 0 ? re.length() : close;
                } else if (c >= 'A' && c <= 'Z') {
                    return i;
                }
            }
            return -1;
        }

        private Combo combo(Node n, String f) throws RulePackException {
            if (!n.isMap()) {
                throw error(n, f, "a combo must be a mapping");
            }
            Map<String, Node> m = n.map();
            unknown(m, COMBO_FIELDS, f + ".");
            String id = requiredString(n, m, "id", f + ".id");
            if (!id.matches("[a-z0-9][a-z0-9._\\-]{0,79}")) {
                throw error(m.get("id"), f + ".id", "must be 1-80 lower-case letters, digits, '.', '_' or '-'");
            }
            Node sn = m.get("stages");
            if (sn == null) {
                throw error(n, f + ".stages", "missing required field");
            }
            List<Node> items = list(sn, f + ".stages");
            if (items.size() < 2) {
                throw error(sn, f + ".stages", "a combo needs at least two stages");
            }
            List<String> stages = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                String s = scalar(items.get(i), f + ".stages[" + i + "]").toLowerCase(Locale.ROOT);
                if (!STAGES.contains(s)) {
                    throw error(items.get(i), f + ".stages[" + i + "]", "unknown grooming stage '" + s + "'");
                }
                if (stages.contains(s)) {
                    throw error(items.get(i), f + ".stages[" + i + "]", "stage '" + s + "' listed twice");
                }
                stages.add(s);
            }
            int min = optionalInt(m, "min", f + ".min", stages.size(), 2, stages.size());
            List<String> including = new ArrayList<>();
            Node in = m.get("including");
            if (in != null) {
                List<Node> inItems = list(in, f + ".including");
                for (int i = 0; i < inItems.size(); i++) {
                    String s = scalar(inItems.get(i), f + ".including[" + i + "]").toLowerCase(Locale.ROOT);
                    if (!stages.contains(s)) {
                        throw error(inItems.get(i), f + ".including[" + i + "]", "'" + s + "' is not one of this combo's stages");
                    }
                    including.add(s);
                }
            }
            Category category = category(n, m, f);
            int severity = optionalInt(m, "severity", f + ".severity", -1, 1, MAX_SEVERITY);
            if (severity < 0) {
                throw error(n, f + ".severity", "missing required field (1-" + MAX_SEVERITY + ")");
            }
            Tier alert = tier(m, f + ".alert");
            if (alert == null) {
                throw error(n, f + ".alert", "a combo must raise an alert (moderator, counsellor, safeguarding)");
            }
            String reason = optionalString(m, "reason", f + ".reason", id);
            return new Combo(id, stages, min, including, category, severity, alert, reason, n.line());
        }

        private Category category(Node n, Map<String, Node> m, String f) throws RulePackException {
            String c = requiredString(n, m, "category", f + ".category");
            try {
                return Category.valueOf(c.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_'));
            } catch (IllegalArgumentException e) {
                throw error(m.get("category"), f + ".category", "unknown category '" + c + "', expected one of "
                        + java.util.Arrays.toString(Category.values()).toLowerCase(Locale.ROOT));
            }
        }

        private Tier tier(Map<String, Node> m, String f) throws RulePackException {
            Node t = m.get("alert");
            if (t == null || t.value() == null) {
                return null;
            }
            String s = scalar(t, f);
            try {
                return Tier.valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw error(t, f, "unknown alert tier '" + s + "', expected moderator, counsellor or safeguarding");
            }
        }

        private List<String> termList(Node n, String f) throws RulePackException {
            List<Node> items = n.isList() ? n.list() : List.of(n);
            if (items.isEmpty()) {
                throw error(n, f, "needs at least one term");
            }
            List<String> out = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                String fi = n.isList() ? f + "[" + i + "]" : f;
                String t = scalar(items.get(i), fi);
                try {
                    TermSyntax.parse(t);
                } catch (IllegalArgumentException e) {
                    throw error(items.get(i), fi, e.getMessage());
                }
                out.add(t);
            }
            return out;
        }

        private List<Node> list(Node n, String f) throws RulePackException {
            if (!n.isList()) {
                throw error(n, f, "must be a list");
            }
            return n.list();
        }

        private String scalar(Node n, String f) throws RulePackException {
            if (n == null || n.isMap() || n.isList() || n.text() == null || n.value() == null) {
                throw error(n, f, "must be a text value");
            }
            return n.text();
        }

        private String requiredString(Node parent, Map<String, Node> m, String key, String f) throws RulePackException {
            Node n = m.get(key);
            if (n == null) {
                throw error(parent, f, "missing required field");
            }
            String s = scalar(n, f);
            if (s.isBlank()) {
                throw error(n, f, "must not be empty");
            }
            return s.trim();
        }

        private String optionalString(Map<String, Node> m, String key, String f, String dflt) throws RulePackException {
            Node n = m.get(key);
            return n == null ? dflt : scalar(n, f);
        }

        private int optionalInt(Map<String, Node> m, String key, String f, int dflt, int min, int max) throws RulePackException {
            Node n = m.get(key);
            if (n == null) {
                return dflt;
            }
            if (!(n.value() instanceof Integer || n.value() instanceof Long)) {
                throw error(n, f, "must be an integer from " + min + " to " + max);
            }
            long v = ((Number) n.value()).longValue();
            if (v < min || v > max) {
                throw error(n, f, "must be an integer from " + min + " to " + max + " (got " + v + ")");
            }
            return (int) v;
        }

        private void unknown(Map<String, Node> m, Set<String> known, String prefix) throws RulePackException {
            for (Map.Entry<String, Node> e : m.entrySet()) {
                if (!known.contains(e.getKey())) {
                    throw error(e.getValue(), prefix + e.getKey(), "unknown field (expected one of " + new java.util.TreeSet<>(known) + ")");
                }
            }
        }
    }
}
