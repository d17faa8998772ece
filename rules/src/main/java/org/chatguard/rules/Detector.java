package org.chatguard.rules;

import java.io.IOException;
import org.chatguard.rules.analysis.ConfusableFoldingCharFilter;
import org.chatguard.rules.analysis.FusedChatChain;
import org.chatguard.rules.ml.ModelScores;

/**
 * One way of finding harm in a message. {@link ModerationEngine} runs every registered detector on each
 * message and turns their findings into one {@link Verdict}: the rule pack ({@link RulesDetector}) and the
 * learned models ({@link org.chatguard.rules.ml.ModelDetector}) are two implementations; another language's
 * model or an image hash would be a third class, registered in the engine's list.
 *
 * <p>The engine folds the text and runs the analysis chain once; a detector that reads tokens gets them
 * through {@link Session#tokens()} in that same pass.
 *
 * <p>Policy lives in the findings, not in the engine: a finding with an action other than ALLOW needs a span
 * (what to mask), and its reason code says what found it, without quoting more of the message than the
 * span.
 */
public interface Detector {

    /** What kind of detector this is: "rules", "model", ... (appears in versions and metrics, never text). */
    String kind();

    /** Version of what it detects with (the pack's version, the model file's version). */
    String version();

    /** Ids ({@code RuleMatch.ruleId}) of the findings that ask staff to look: what {@code eval --flag-on alert} counts. */
    default java.util.Set<String> alertingIds() {
        return java.util.Set.of();
    }

    /** Per-thread state; the engine makes one per thread and reuses it for every message. */
    Session newSession();

    /** The text of one message as the engine analysed it. */
    interface Message {
        String text();

        /** The folded text and offset map (look-alikes, accents, zero-width characters handled). */
        ConfusableFoldingCharFilter folded();
    }

    /** What detectors report back for one message. */
    interface Findings {
        void add(Finding f);

        /** Per-concern probabilities (at most one detector per engine reports them). */
        void scores(ModelScores s);
    }

    /** A detector's per-thread working state. Not thread-safe. */
    interface Session {
        /** Receives the analyzer's tokens of the message, or {@code null} if this detector does not read them. */
        FusedChatChain.Sink tokens();

        /** Called before the tokens of a message arrive. */
        void start();

        /** Called after the tokens: adds what was found. */
        void finish(Message m, Findings out) throws IOException;
    }
}
