package org.chatguard.rules.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ThresholdsTest {

    @Test
    void picksTheBestF1Cut() {
        double[] s = {0.9, 0.8, 0.7, 0.4, 0.3, 0.2};
        boolean[] gold = {true, true, true, false, false, false};
        float t = Thresholds.choose(s, new boolean[6], gold, 1);
        assertTrue(t > 0.4 && t <= 0.7, "between the last positive and the first negative: " + t);
    }

    @Test
    void respectsTheFalsePositiveCeiling() {
        double[] s = {0.9, 0.85, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1};
        boolean[] gold = {true, false, true, true, false, true, false, false, false, false};
        float free = Thresholds.choose(s, new boolean[10], gold, 1);
        float capped = Thresholds.choose(s, new boolean[10], gold, 0.0);
        assertTrue(capped > 0.85, "no false positive allowed: only above the first negative " + capped);
        assertTrue(free < capped);
    }

    @Test
    void staysOffWhenTheRulesAlreadyDoBetter() {
        double[] s = {0.9, 0.8, 0.7, 0.6};
        boolean[] gold = {true, false, false, true};
        boolean[] rules = {true, false, false, true};
        assertEquals(Thresholds.OFF, Thresholds.choose(s, rules, gold, 1));
    }
}
