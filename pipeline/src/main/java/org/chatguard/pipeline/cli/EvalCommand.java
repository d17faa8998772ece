package org.chatguard.pipeline.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import org.chatguard.rules.eval.Evaluator;

/** Detection quality against labelled data, delegated to the rules module's evaluator. */
@Command(name = "eval",
        description = "Measure precision, recall, F1 and false-positive rate against labelled JSONL "
                + "(lines: id, text, flag, optional category). Options: --gold FILE (repeatable), --pack FILE, --languages en|en,es (en,es: with the Spanish pack, as the job), "
                + "--flag-on any|action|alert, --only CAT,CAT, --perturb, --seed N, --worst N, --json, "
                + "--detectors rules|model|combined, --model FILE, --model-policy SPEC, --kfold K [--train FILE ...]. "
                + "Whole labelled conversations (early warning: caught in time, lead, false alerts): "
                + "--conversations PATH [--conversations PATH ...] [--pack FILE] [--grace N] [--details] [--json].")
public final class EvalCommand implements Callable<Integer> {

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        if (args.contains("--conversations")) {
            // needs the job's stateful path (classify --stateful), which lives here, not in the rules module
            return ConversationEvalCommand.run(args, System.out);
        }
        return Evaluator.run(args, System.out);
    }
}
