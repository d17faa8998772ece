package org.chatguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeRegexTest {

    @ParameterizedTest
    @ValueSource(strings = {"(a+)+", "(a*)*", "(a|aa)*", "(?:a|b)+", "((ab)*)+", "(x+){2,}", "(a?b)*", "(?<n>a+)+"})
    void nestedUnboundedRepetitionIsRejected(String re) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeRegex.compile(re));
        assertTrue(e.getMessage().contains("nested quantifier"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\d{3}[ -]?\\d{4}", "(?:\\+44|0)\\d{10}", "(\\d[ -]?){9,11}", "[a-z]+@[a-z]+\\.com",
            "(?i)hello", "(?<![a-z])x(?!y)", "a[(+*)]b", "\\Q(a+)+\\E", "(?:ab)+", "(abc)*d"})
    void safeShapesAreAccepted(String re) {
        SafeRegex.compile(re);
    }

    @Test
    void backReferencesAndHugePatternsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> SafeRegex.compile("(a)\\1"));
        assertThrows(IllegalArgumentException.class, () -> SafeRegex.compile("(?<x>a)\\k<x>"));
        assertThrows(IllegalArgumentException.class, () -> SafeRegex.compile("a".repeat(SafeRegex.MAX_LENGTH + 1)));
        assertThrows(IllegalArgumentException.class, () -> SafeRegex.compile(""));
        assertThrows(IllegalArgumentException.class, () -> SafeRegex.compile("(a"));
    }

    @Test
    void budgetStopsAPolynomialPatternOnHostileInput() {
        // passes the static check (no nesting) but is cubic on a long run of digits without the final x
        SafeRegex re = SafeRegex.compile("\\d+\\d+\\d+x");
        char[] input = "1".repeat(5_000).toCharArray();
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            SafeRegex.Budgeted seq = new SafeRegex.Budgeted(input, 0, input.length, 200L * input.length);
            assertThrows(SafeRegex.BudgetExceeded.class, () -> re.matcher(seq).find());
        });
    }

    @Test
    void budgetIsGenerousForNormalText() {
        SafeRegex re = SafeRegex.compile("\\d{3}[ -]?\\d{4}");
        char[] input = "call 555 1234 now".toCharArray();
        SafeRegex.Budgeted seq = new SafeRegex.Budgeted(input, 0, input.length, 200L * input.length);
        var m = re.matcher(seq);
        assertTrue(m.find());
        assertEquals(5, m.start());
    }
}
