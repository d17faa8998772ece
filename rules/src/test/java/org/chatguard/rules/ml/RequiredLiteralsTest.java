package org.chatguard.rules.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class RequiredLiteralsTest {

    @Test
    void alternativesMultiplyOut() {
        assertEquals(Set.of("how old are you", "how old are u", "how old r you", "how old r u"),
                RequiredLiterals.of("how old (are|r) (you|u)"));
        assertEquals(Set.of("pic"), RequiredLiterals.of("\\bpics?\\b"), "the shorter set: every match has both");
        assertEquals(Set.of("a", "b"), RequiredLiterals.of("a|b"));
    }

    @Test
    void optionalAndRepeatedPartsGuaranteeNothingAlone() {
        assertNull(RequiredLiterals.of("x?"));
        assertNull(RequiredLiterals.of("x*"));
        assertNull(RequiredLiterals.of("a|b*"), "one alternative can match the empty string");
        assertEquals(Set.of("b"), RequiredLiterals.of("a*b"));
        assertEquals(Set.of("ab"), RequiredLiterals.of("(ab)+"));
        assertEquals(Set.of("nobody "), RequiredLiterals.of("nobody (would |will )+(notice|care)"),
                "the longest part every match has");
    }

    @Test
    void unknownSyntaxMeansNoPrefilterNotAWrongOne() {
        assertNull(RequiredLiterals.of("."));
        assertNull(RequiredLiterals.of("\\w+"));
        assertNull(RequiredLiterals.of("[^a]"));
        assertNull(RequiredLiterals.of("(?i)abc"));
        assertEquals(Set.of("bc"), RequiredLiterals.of(".bc"));
    }

    @Test
    void zeroWidthPartsAndBoundedRepeats() {
        Set<String> s = RequiredLiterals.of("(ur|you)( are)? (getting|gonna get) it\\b(?! (wrong|right))");
        assertNotNull(s);
        assertTrue(s.contains("you are getting it") && s.contains("ur gonna get it"), s::toString);
        Set<String> t = RequiredLiterals.of("\\b[0-9]{1,2}[.:][0-9]{2}\\b");
        assertNotNull(t);
        assertTrue(t.contains(".05") && t.contains(":59"), "three chars from the separator on");
        assertEquals(Set.of("😂", "💀"), RequiredLiterals.of("😂|💀"));
    }

    /** The property the prefilter stands on: every match contains one of the literals. */
    @Test
    void everyMatchContainsALiteral() {
        java.util.Random r = new java.util.Random(7);
        String[] res = {"how old (are|r) (you|u)|\\basl\\b", "(gonna|will) (get|hit) (you|u)|regret (it|this)",
            "£ ?[0-9]+|\\bcoins\\b", "(nobody|no one) (would |will |even )+(notice|care)", "a(b|c)?d{1,3}e*f+"};
        String alphabet = "abcdefghilmnorstuvwy £0123456789";
        for (String re : res) {
            Pattern p = Pattern.compile(re);
            Set<String> lits = RequiredLiterals.of(re);
            assertNotNull(lits, re);
            for (int i = 0; i < 20_000; i++) {
                StringBuilder sb = new StringBuilder();
                int n = 1 + r.nextInt(40);
                for (int k = 0; k < n; k++) {
                    if (r.nextInt(6) == 0) {
                        String[] words = re.replaceAll("[^a-z £0-9]+", " ").trim().split(" +");
                        sb.append(words[r.nextInt(words.length)]).append(r.nextBoolean() ? " " : "");
                    } else {
                        sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
                    }
                }
                String text = sb.toString();
                var m = p.matcher(text);
                while (m.find()) {
                    String match = m.group();
                    assertTrue(lits.stream().anyMatch(match::contains), () -> re + " matched '" + match + "' outside " + lits);
                }
            }
        }
    }
}
