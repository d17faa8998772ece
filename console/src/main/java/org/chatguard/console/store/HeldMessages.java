package org.chatguard.console.store;

import java.time.Instant;
import java.util.List;

import org.chatguard.model.Action;
import org.chatguard.model.Decision;
import org.chatguard.model.RuleMatch;

/** The release contract for held messages. */
public final class HeldMessages {

    /** Reason on the follow-up decision that releases a held message to the site. */
    public static final String RELEASED_REASON = "released-by-staff";

    private HeldMessages() {
    }

    /**
     * The follow-up decision that releases a held message: same id, action MASK if any rule asked for
     * masking (the held decision's displayText already has those spans masked) else ALLOW.
     */
    public static Decision releaseDecision(Decision heldDecision, Instant now) {
        boolean mask = heldDecision.matches().stream().map(RuleMatch::action).anyMatch(a -> a == Action.MASK);
        return new Decision(heldDecision.id(), heldDecision.kind(), heldDecision.conversationId(), heldDecision.senderId(),
                mask ? Action.MASK : Action.ALLOW, heldDecision.displayText(), heldDecision.categories(),
                heldDecision.matches(), List.of(RELEASED_REASON), heldDecision.rulePackVersion(), heldDecision.sentAt(), now);
    }
}
