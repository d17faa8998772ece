package org.chatguard.pipeline.functions;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.chatguard.model.ChatMessage;
import org.chatguard.model.ShadowDiff;
import org.chatguard.pipeline.metrics.ShadowMetrics;
import org.chatguard.rules.Verdict;
import org.chatguard.rules.eval.ShadowDiffs;
import org.chatguard.rules.lang.LanguageRouter;

/**
 * A candidate pack running beside the live one in the moderate stage: reads each message, counts its hits and
 * reports where it differs from the live verdict. It never acts: its verdicts go nowhere else, and a fault in it
 * is logged (id and exception type only) and reported as a difference, never as a held message.
 */
final class ShadowRun {

    private static final Logger LOG = LoggerFactory.getLogger(ShadowRun.class);

    private final LanguageRouter candidate;
    private final ShadowMetrics metrics;

    ShadowRun(LanguageRouter candidate, ShadowMetrics metrics) {
        this.candidate = candidate;
        this.metrics = metrics;
    }

    String version() {
        return candidate.rulePackVersion();
    }

    /** The difference on this message, or {@code null}. */
    ShadowDiff compare(ChatMessage m, Verdict live) {
        Verdict c = candidate.analyze(m.text(), e ->
                LOG.warn("shadow rule pack {} failed on message {} ({})", version(), m.id(), e.getClass().getName()));
        metrics.message(c.matches());
        ShadowDiff d = ShadowDiffs.diff(m, live, c, Instant.now());
        if (d != null) {
            metrics.diff();
        }
        return d;
    }
}
