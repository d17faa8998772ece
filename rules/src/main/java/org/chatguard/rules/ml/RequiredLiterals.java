package org.chatguard.rules.ml;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A set of literal strings at least one of which every match of a regular expression contains, so a scan for
 * them can rule the expression out before {@code java.util.regex} tries it at every position of a text (an
 * unanchored alternation of twenty phrases costs microseconds per message; a text with none of its literals
 * cannot match and needs no regex at all).
 *
 * <p>Reads the subset of the regex syntax the {@link Cue}s use: literals, groups ({@code (...)}, {@code (?:...)},
 * zero-width {@code (?!...)}/{@code (?=...)}), alternation, simple character classes, {@code \b}, {@code \d},
 * escaped punctuation and the quantifiers {@code ? * + {m} {m,n} {m,}}. Anything else ({@code .}, {@code \w},
 * negated classes...) is "no guarantee" for that part, never a wrong answer: {@link #of} returns {@code null}
 * when it can prove nothing, and the caller then always runs the regex.
 */
final class RequiredLiterals {

    /** Sets grow by cross products ("(are|r) (you|u)"); beyond this many strings a part counts as unknown. */
    static final int MAX = 512;

    private final String re;
    private int pos;

    private RequiredLiterals(String re) {
        this.re = re;
    }

    /** What one part of the expression matches: {@code exact} every string (or null: unknown or too many), {@code req} as above (or null). */
    private record Info(Set<String> exact, Set<String> req) {
        static Info unknown() {
            return new Info(null, null);
        }

        static Info exactly(Set<String> s) {
            return new Info(s, s.contains("") ? null : s);
        }
    }

    /** The literals, or {@code null} if no non-empty set could be proven (the regex must always run). */
    static Set<String> of(String regex) {
        RequiredLiterals p = new RequiredLiterals(regex);
        Info i;
        try {
            i = p.alternation();
        } catch (RuntimeException e) {
            return null; // syntax this reader does not know: no prefilter, the regex decides
        }
        if (p.pos != regex.length()) {
            return null;
        }
        return i.req;
    }

    private Info alternation() {
        List<Info> alts = new ArrayList<>();
        alts.add(sequence());
        while (pos < re.length() && re.charAt(pos) == '|') {
            pos++;
            alts.add(sequence());
        }
        if (alts.size() == 1) {
            return alts.get(0);
        }
        Set<String> exact = new HashSet<>();
        Set<String> req = new HashSet<>();
        for (Info a : alts) {
            if (exact != null) {
                if (a.exact == null) {
                    exact = null;
                } else {
                    exact.addAll(a.exact);
                }
            }
            if (req != null) {
                if (a.req == null) {
                    req = null;
                } else {
                    req.addAll(a.req);
                }
            }
        }
        if (exact != null && exact.size() > MAX) {
            exact = null;
        }
        if (exact != null) {
            Info e = Info.exactly(exact);
            return new Info(exact, better(e.req, req));
        }
        return new Info(null, req);
    }

    private Info sequence() {
        List<Info> items = new ArrayList<>();
        while (pos < re.length() && re.charAt(pos) != '|' && re.charAt(pos) != ')') {
            items.add(quantified(atom()));
        }
        Set<String> best = null;
        for (Info i : items) {
            best = better(best, i.req);
        }
        // every run of parts whose strings are all known: their product is contained in every match
        Set<String> whole = null;
        for (int i = 0; i < items.size(); i++) {
            Set<String> run = Set.of("");
            for (int j = i; j < items.size() && run != null; j++) {
                run = product(run, items.get(j).exact);
                if (run != null) {
                    best = better(best, run.contains("") ? null : run);
                    if (i == 0 && j == items.size() - 1) {
                        whole = run;
                    }
                }
            }
        }
        if (items.isEmpty()) {
            whole = Set.of("");
        }
        return new Info(whole, best);
    }

    private Info quantified(Info x) {
        if (pos >= re.length()) {
            return x;
        }
        char c = re.charAt(pos);
        int min;
        int max;
        if (c == '?') {
            min = 0;
            max = 1;
            pos++;
        } else if (c == '*') {
            min = 0;
            max = -1;
            pos++;
        } else if (c == '+') {
            min = 1;
            max = -1;
            pos++;
        } else if (c == '{') {
            int close = re.indexOf('}', pos);
            String[] mn = re.substring(pos + 1, close).split(",", -1);
            min = Integer.parseInt(mn[0]);
            max = mn.length == 1 ? min : mn[1].isEmpty() ? -1 : Integer.parseInt(mn[1]);
            pos = close + 1;
        } else {
            return x;
        }
        if (pos < re.length() && (re.charAt(pos) == '?' || re.charAt(pos) == '+')) {
            pos++; // lazy or possessive: the same strings
        }
        Set<String> req = min >= 1 ? x.req : null;
        Set<String> exact = null;
        if (max >= 0 && x.exact != null) {
            exact = new HashSet<>();
            Set<String> power = Set.of("");
            for (int k = 0; k <= max; k++) {
                if (power == null || exact.size() > MAX) {
                    exact = null;
                    break;
                }
                if (k >= min) {
                    exact.addAll(power);
                }
                if (k < max) {
                    power = product(power, x.exact);
                }
            }
            if (exact != null && exact.size() > MAX) {
                exact = null;
            }
        }
        if (exact != null) {
            return new Info(exact, better(req, Info.exactly(exact).req));
        }
        return new Info(null, req);
    }

    private Info atom() {
        char c = re.charAt(pos++);
        switch (c) {
            case '(':
                boolean zeroWidth = false;
                if (re.startsWith("?:", pos)) {
                    pos += 2;
                } else if (re.startsWith("?!", pos) || re.startsWith("?=", pos)) {
                    pos += 2;
                    zeroWidth = true;
                } else if (re.charAt(pos) == '?') {
                    throw new IllegalArgumentException("group kind");
                }
                Info inner = alternation();
                if (re.charAt(pos++) != ')') {
                    throw new IllegalArgumentException("unclosed group");
                }
                return zeroWidth ? Info.exactly(Set.of("")) : inner;
            case '[':
                return charClass();
            case '\\':
                char e = re.charAt(pos++);
                if (e == 'b' || e == 'B') {
                    return Info.exactly(Set.of(""));
                }
                if (e == 'd') {
                    return Info.exactly(range('0', '9', new HashSet<>()));
                }
                if (Character.isLetterOrDigit(e)) {
                    return Info.unknown(); // \w, \s, \p{..}, back references: not read here
                }
                return Info.exactly(Set.of(String.valueOf(e)));
            case '.':
            case '^':
            case '$':
                return c == '.' ? Info.unknown() : Info.exactly(Set.of(""));
            default:
                if (Character.isHighSurrogate(c) && pos < re.length() && Character.isLowSurrogate(re.charAt(pos))) {
                    // one code point: a quantifier after it applies to both chars
                    return Info.exactly(Set.of(new String(new char[] {c, re.charAt(pos++)})));
                }
                return Info.exactly(Set.of(String.valueOf(c)));
        }
    }

    private Info charClass() {
        if (re.charAt(pos) == '^') {
            throw new IllegalArgumentException("negated class");
        }
        Set<String> chars = new HashSet<>();
        while (re.charAt(pos) != ']') {
            char a = re.charAt(pos++);
            if (a == '\\' || a == '[' || a == '&') {
                throw new IllegalArgumentException("class syntax");
            }
            if (Character.isSurrogate(a)) {
                throw new IllegalArgumentException("supplementary class member");
            }
            if (re.charAt(pos) == '-' && re.charAt(pos + 1) != ']') {
                char b = re.charAt(pos + 1);
                pos += 2;
                range(a, b, chars);
            } else {
                chars.add(String.valueOf(a));
            }
        }
        pos++;
        return chars.size() > MAX ? Info.unknown() : Info.exactly(chars);
    }

    private static Set<String> range(char a, char b, Set<String> into) {
        if (b < a || b - a > MAX) {
            throw new IllegalArgumentException("range");
        }
        for (char x = a; x <= b; x++) {
            into.add(String.valueOf(x));
        }
        return into;
    }

    /** Every concatenation, or null if either side is unknown or there would be more than {@link #MAX}. */
    private static Set<String> product(Set<String> a, Set<String> b) {
        if (a == null || b == null || (long) a.size() * b.size() > MAX) {
            return null;
        }
        Set<String> out = new HashSet<>();
        for (String x : a) {
            for (String y : b) {
                out.add(x + y);
            }
        }
        return out;
    }

    /**
     * The more selective of two required sets: the longer shortest string, then fewer strings. (Preferring fewer,
     * shorter strings once they are 5 chars long was tried: "will ", "you " are common in chat, and the regexes they
     * let through cost 4x the comparisons they saved.)
     */
    private static Set<String> better(Set<String> a, Set<String> b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        int la = minLength(a);
        int lb = minLength(b);
        if (la != lb) {
            return la > lb ? a : b;
        }
        return a.size() <= b.size() ? a : b;
    }

    private static int minLength(Set<String> s) {
        int m = Integer.MAX_VALUE;
        for (String x : s) {
            m = Math.min(m, x.length());
        }
        return m;
    }
}
