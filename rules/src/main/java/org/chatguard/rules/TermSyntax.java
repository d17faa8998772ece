package org.chatguard.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.chatguard.rules.analysis.ChatTokenizer;
import org.chatguard.rules.analysis.ConfusableFoldingCharFilter;
import org.chatguard.rules.analysis.RepeatedLetterFilter;

/**
 * The term syntax of rule packs. A term is one or more words ({@code kill yourself}); a word may end
 * with {@code *} (prefix: {@code fuck*} matches fucking, fucker) or start with one (suffix:
 * {@code *fucker}); {@code [a|b|c]} lists alternatives and an empty alternative makes the part optional
 * ({@code [i|] [want|wanna] to die}). Words are normalised with the same folding and tokenizer as
 * messages, so a rule is written in plain lower-case English.
 */
final class TermSyntax {

    static final int MAX_EXPANSIONS = 2_000;
    static final int MAX_WORDS = 8;

    enum Kind { EXACT, PREFIX, SUFFIX }

    record Word(Kind kind, String text) {
        String key() {
            return kind.name().charAt(0) + ":" + text;
        }
    }

    private TermSyntax() {}

    /** Shortest run-together phrase worth indexing: "killyourself" yes, "ur" (from "u r") no. */
    static final int MIN_JOINED = 6;

    /**
     * The phrases plus, for each phrase of plain words, the words run together as one word: people write
     * "killyourself", "#kys" style hashtags and "ihateyou", and spelled-out evasions ("k i l l y o u r s e l f")
     * become one token too. Whole-token matching keeps this from hitting inside other words.
     */
    static List<List<Word>> withJoined(List<List<Word>> phrases) {
        List<List<Word>> out = new ArrayList<>(phrases);
        for (List<Word> p : phrases) {
            if (p.size() < 2) {
                continue;
            }
            StringBuilder sb = new StringBuilder();
            boolean exact = true;
            for (Word w : p) {
                exact &= w.kind() == Kind.EXACT;
                sb.append(w.text());
            }
            if (exact && sb.length() >= MIN_JOINED) {
                out.add(List.of(new Word(Kind.EXACT, sb.toString())));
            }
        }
        return out;
    }

    /** All phrases a term stands for. @throws IllegalArgumentException with the reason */
    static List<List<Word>> parse(String term) {
        if (term == null || term.isBlank()) {
            throw new IllegalArgumentException("empty term");
        }
        List<String> expanded = new ArrayList<>();
        expand(term, 0, new StringBuilder(), expanded);
        List<List<Word>> phrases = new ArrayList<>(expanded.size());
        for (String phrase : expanded) {
            List<Word> words = new ArrayList<>();
            for (String raw : phrase.trim().split("\\s+")) {
                if (!raw.isEmpty()) {
                    words.addAll(word(raw));
                }
            }
            if (words.isEmpty()) {
                continue; // every part optional and absent
            }
            if (words.size() > MAX_WORDS) {
                throw new IllegalArgumentException("phrase has more than " + MAX_WORDS + " words: '" + phrase.trim() + "'");
            }
            phrases.add(words);
        }
        if (phrases.isEmpty()) {
            throw new IllegalArgumentException("term '" + term + "' has no words");
        }
        return phrases;
    }

    private static void expand(String t, int i, StringBuilder sb, List<String> out) {
        int open = t.indexOf('[', i);
        int closeStray = t.indexOf(']', i);
        if (open < 0) {
            if (closeStray >= 0) {
                throw new IllegalArgumentException("']' without '[' in '" + t + "'");
            }
            if (out.size() >= MAX_EXPANSIONS) {
                throw new IllegalArgumentException("term expands to more than " + MAX_EXPANSIONS + " phrases");
            }
            out.add(sb + t.substring(i));
            return;
        }
        if (closeStray >= 0 && closeStray < open) {
            throw new IllegalArgumentException("']' without '[' in '" + t + "'");
        }
        int close = t.indexOf(']', open);
        if (close < 0) {
            throw new IllegalArgumentException("'[' without ']' in '" + t + "'");
        }
        String inner = t.substring(open + 1, close);
        if (inner.indexOf('[') >= 0) {
            throw new IllegalArgumentException("nested '[' in '" + t + "'");
        }
        int mark = sb.length();
        sb.append(t, i, open);
        for (String alt : inner.split("\\|", -1)) {
            int m2 = sb.length();
            sb.append(' ').append(alt).append(' ');
            expand(t, close + 1, sb, out);
            sb.setLength(m2);
        }
        sb.setLength(mark);
    }

    private static List<Word> word(String raw) {
        Kind kind = Kind.EXACT;
        String core = raw;
        boolean lead = core.startsWith("*");
        boolean trail = core.endsWith("*") && core.length() > 1;
        if (lead && trail) {
            throw new IllegalArgumentException("'" + raw + "': a word may have a wildcard at one end only");
        }
        if (lead) {
            kind = Kind.SUFFIX;
            core = core.substring(1);
        } else if (trail) {
            kind = Kind.PREFIX;
            core = core.substring(0, core.length() - 1);
        }
        if (core.indexOf('*') >= 0) {
            throw new IllegalArgumentException("'" + raw + "': '*' is only allowed at the start or end of a word");
        }
        List<String> toks = normalise(core);
        if (toks.isEmpty()) {
            throw new IllegalArgumentException("'" + raw + "' has no letters or digits");
        }
        if (kind != Kind.EXACT && toks.size() > 1) {
            throw new IllegalArgumentException("'" + raw + "': a wildcard word must be a single word");
        }
        if (kind != Kind.EXACT && toks.get(0).length() < 3) {
            throw new IllegalArgumentException("'" + raw + "': a wildcard word needs at least 3 letters");
        }
        List<Word> words = new ArrayList<>(toks.size());
        for (String tok : toks) {
            words.add(new Word(kind, tok));
        }
        return words;
    }

    /**
     * Folds and tokenizes like the message chain (without leet or joining), cutting letter triples to two
     * with the kernel {@link RepeatedLetterFilter} applies to messages, so a rule word and a message word agree.
     */
    static List<String> normalise(String s) {
        List<String> out = new ArrayList<>();
        try (ChatTokenizer tok = new ChatTokenizer()) {
            tok.setReader(ConfusableFoldingCharFilter.of(s));
            CharTermAttribute term = tok.getAttribute(CharTermAttribute.class);
            tok.reset();
            while (tok.incrementToken()) {
                out.add(RepeatedLetterFilter.cutToTwo(term.toString()));
            }
            tok.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
