package org.chatguard.rules.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.chatguard.model.Category;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.Verdict;
import org.junit.jupiter.api.Test;

class FlagCriterionTest {

    static final ModerationEngine ENGINE = ModerationEngine.defaultEngine();

    static boolean flagged(FlagCriterion.Mode mode, EnumSet<Category> only, String text) {
        Verdict v = ENGINE.analyze(text);
        return FlagCriterion.of(mode, only, ENGINE.pack()).flagged(v);
    }

    @Test
    void anyCountsFlagOnlyStages() {
        // a grooming stage alone is only recorded: no action, no alert
        String stage = "we should meet up sometime";
        assertTrue(flagged(FlagCriterion.Mode.ANY, null, stage));
        assertFalse(flagged(FlagCriterion.Mode.ACTION, null, stage));
        assertFalse(flagged(FlagCriterion.Mode.ALERT, null, stage));
    }

    @Test
    void actionCountsMaskingButAlertDoesNot() {
        String swear = "what the fuck";
        assertTrue(flagged(FlagCriterion.Mode.ACTION, null, swear));
        assertFalse(flagged(FlagCriterion.Mode.ALERT, null, swear));
        assertTrue(flagged(FlagCriterion.Mode.ALERT, null, "kys"));
    }

    @Test
    void comboAlertsCountAsAlerts() {
        String text = "don't tell your parents, lets meet up after school";
        assertTrue(flagged(FlagCriterion.Mode.ALERT, EnumSet.of(Category.GROOMING), text));
        assertFalse(flagged(FlagCriterion.Mode.ALERT, EnumSet.of(Category.INSULT), text));
    }

    @Test
    void onlyRestrictsToCategories() {
        assertFalse(flagged(FlagCriterion.Mode.ANY, EnumSet.of(Category.INSULT), "this is so fucking hard"));
        assertTrue(flagged(FlagCriterion.Mode.ANY, EnumSet.of(Category.INSULT), "fuck you"));
    }

    @Test
    void badModeIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FlagCriterion.parseMode("sometimes"));
        assertTrue(e.getMessage().contains("any, action, alert"));
        assertEquals(FlagCriterion.Mode.ALERT, FlagCriterion.parseMode(" Alert"));
    }
}
