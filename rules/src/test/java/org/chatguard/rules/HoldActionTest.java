package org.chatguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.chatguard.model.Action;
import org.junit.jupiter.api.Test;

/** Rule action {@code hold}: between MASK and BLOCK; the display text is what the site shows on release. */
class HoldActionTest {

    private static final String PACK = """
            version: "hold-1"
            rules:
              - id: p.damn
                category: profanity
                severity: 1
                action: mask
                terms: ["damn"]
              - id: pi.meet
                category: personal_info
                severity: 3
                action: hold
                terms: ["meet me"]
              - id: i.idiot
                category: insult
                severity: 3
                action: block
                terms: ["idiot"]
            """;

    @Test
    void holdOutranksMaskAndYieldsToBlock() throws Exception {
        ModerationEngine e = ModerationEngine.of(RulePackLoader.parse("hold.yaml", PACK));
        Verdict held = e.analyze("meet me at the damn park");
        assertEquals(Action.HOLD, held.action());
        assertEquals("meet me at the **** park", held.displayText(), "masked spans stay masked when released");
        assertEquals(Action.HOLD, e.analyze("meet me at the park").action());
        assertEquals("meet me at the park", e.analyze("meet me at the park").displayText());
        assertEquals(Action.BLOCK, e.analyze("meet me you idiot").action());
        assertEquals(Action.BLOCK, Action.HOLD.max(Action.BLOCK));
        assertEquals(Action.HOLD, Action.MASK.max(Action.HOLD));
    }
}
