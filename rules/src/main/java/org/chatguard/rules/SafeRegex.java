package org.chatguard.rules;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Regular expressions that cannot take a message hostage.
 *
 * <p>{@code java.util.regex} backtracks, so two defences are layered. At load time a pattern is
 * rejected if it has the shapes behind catastrophic backtracking: an unbounded quantifier ({@code *},
 * {@code +}, {@code {n,}}) applied to a group that itself contains a quantifier or an alternation
 * ({@code (a+)+}, {@code (a|aa)*}), back-references, or more than {@link #MAX_LENGTH} characters.
 * Bounded repetition of such groups ({@code (\d[ -]?){9,13}}) stays allowed; its worst case is
 * polynomial. At match time the input is capped and every pattern runs over a {@link CharSequence}
 * that counts character reads and gives up after a budget proportional to the input length, so even a
 * shape the static check misses costs linear time.
 */
final class SafeRegex {

    static final int MAX_LENGTH = 512;

    private final Pattern pattern;

    private SafeRegex(Pattern pattern) {
        this.pattern = pattern;
    }

    /** @throws IllegalArgumentException with the reason if the pattern is unsafe or invalid */
    static SafeRegex compile(String regex) {
        if (regex == null || regex.isEmpty()) {
            throw new IllegalArgumentException("empty pattern");
        }
        if (regex.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("pattern longer than " + MAX_LENGTH + " characters");
        }
        checkShape(regex);
        try {
            // patterns run over folded text, which is already lower case: no case-insensitive matching needed
            return new SafeRegex(Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression: " + e.getDescription() + " at index " + e.getIndex());
        }
    }

    Pattern pattern() {
        return pattern;
    }

    /** Frame per open group: does its body contain a quantifier or an alternation? */
    private static final class Frame {
        boolean risky;
    }

    static void checkShape(String re) {
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame());
        boolean lastWasGroupClose = false;
        Frame closed = null;
        int n = re.length();
        for (int i = 0; i < n; i++) {
            char c = re.charAt(i);
            if (c == '\\') {
                if (i + 1 < n) {
                    char e = re.charAt(i + 1);
                    if (e >= '1' && e <= '9' || e == 'k') {
                        throw new IllegalArgumentException("back-references are not allowed (at index " + i + ")");
                    }
                    if (e == 'Q') {
                        int end = re.indexOf("\\E", i + 2);
                        i = end < 0 ? n : end + 1;
                        lastWasGroupClose = false;
                        continue;
                    }
                }
                i++;
                lastWasGroupClose = false;
                continue;
            }
            if (c == '[') {
                i = skipClass(re, i);
                lastWasGroupClose = false;
                continue;
            }
            if (c == '(') {
                stack.push(new Frame());
                lastWasGroupClose = false;
                if (i + 1 < n && re.charAt(i + 1) == '?') {
                    // group kind prefix, not a quantifier: (?: (?= (?! (?<= (?<! (?<name> (?i) (?i:
                    int j = i + 2;
                    if (j < n && re.charAt(j) == '<') {
                        j++;
                        if (j < n && (re.charAt(j) == '=' || re.charAt(j) == '!')) {
                            i = j;
                            continue;
                        }
                        while (j < n && re.charAt(j) != '>') {
                            j++;
                        }
                        i = j;
                        continue;
                    }
                    while (j < n && (Character.isLetter(re.charAt(j)) || re.charAt(j) == '-')) {
                        j++;
                    }
                    if (j < n && re.charAt(j) == ')') {
                        i = j - 1; // inline flags: the ')' closes the empty group
                    } else {
                        i = j; // on ':', '=', '!' or '>'
                    }
                }
                continue;
            }
            if (c == ')') {
                if (stack.size() == 1) {
                    throw new IllegalArgumentException("unbalanced ')' at index " + i);
                }
                closed = stack.pop();
                if (closed.risky) {
                    stack.peek().risky = true;
                }
                lastWasGroupClose = true;
                continue;
            }
            if (c == '|') {
                stack.peek().risky = true;
                lastWasGroupClose = false;
                continue;
            }
            if (c == '*' || c == '+' || c == '?' || c == '{') {
                boolean unbounded = c == '*' || c == '+';
                int j = i;
                if (c == '{') {
                    int close = re.indexOf('}', i);
                    if (close < 0) {
                        throw new IllegalArgumentException("unterminated '{' at index " + i);
                    }
                    String body = re.substring(i + 1, close);
                    unbounded = body.endsWith(",");
                    j = close;
                }
                if (lastWasGroupClose && closed != null && closed.risky && unbounded) {
                    throw new IllegalArgumentException("nested quantifier: an unbounded repeat of a group that contains"
                            + " a quantifier or alternation can backtrack catastrophically (at index " + i + ")");
                }
                stack.peek().risky = true;
                i = j;
                // possessive/lazy suffix
                if (i + 1 < n && (re.charAt(i + 1) == '?' || re.charAt(i + 1) == '+')) {
                    i++;
                }
                lastWasGroupClose = false;
                continue;
            }
            lastWasGroupClose = false;
        }
        if (stack.size() != 1) {
            throw new IllegalArgumentException("unbalanced '('");
        }
    }

    private static int skipClass(String re, int i) {
        int n = re.length();
        int depth = 0;
        for (int j = i; j < n; j++) {
            char c = re.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == '[') {
                depth++;
            } else if (c == ']' && j > i + 1 && !(j == i + 2 && re.charAt(i + 1) == '^')) {
                depth--;
                if (depth == 0) {
                    return j;
                }
            }
        }
        throw new IllegalArgumentException("unterminated character class at index " + i);
    }

    /** Thrown by {@link Budgeted} when a match has read too many characters. */
    static final class BudgetExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BudgetExceeded() {
            super("regex step budget exceeded", null, false, false);
        }
    }

    /** A char sequence view over a char array that counts reads. */
    static final class Budgeted implements CharSequence {
        private char[] chars;
        private int offset;
        private int length;
        private long budget;

        Budgeted(char[] chars, int offset, int length, long budget) {
            this.chars = chars;
            this.offset = offset;
            this.length = length;
            this.budget = budget;
        }

        /** Points this view at new text with a fresh budget (for per-thread reuse). */
        Budgeted reset(char[] newChars, int newLength, long newBudget) {
            chars = newChars;
            offset = 0;
            length = newLength;
            budget = newBudget;
            return this;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            if (--budget < 0) {
                throw new BudgetExceeded();
            }
            if (index < 0 || index >= length) {
                throw new IndexOutOfBoundsException(index);
            }
            return chars[offset + index];
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new String(chars, offset + start, end - start);
        }

        @Override
        public String toString() {
            return new String(chars, offset, length);
        }
    }

    Matcher matcher(CharSequence s) {
        return pattern.matcher(s);
    }
}
