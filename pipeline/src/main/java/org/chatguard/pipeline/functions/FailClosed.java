package org.chatguard.pipeline.functions;

import java.util.List;

import org.chatguard.model.Action;
import org.chatguard.rules.Verdict;

/** What a message gets when moderation itself failed: a child-safety filter fails closed. */
final class FailClosed {

    static final String REASON = "engine-error";

    private FailClosed() {
    }

    static Verdict verdict(String rulePackVersion) {
        return new Verdict(Action.BLOCK, Verdict.BLOCKED, Verdict.BLOCKED, List.of(), List.of(), null, null,
                List.of(REASON), rulePackVersion);
    }
}
