package org.chatguard.pipeline.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** Trains a model file from labelled JSONL, delegated to the rules module's trainer. */
@Command(name = "train",
        description = "Train the message-level models (self-harm, bullying, sexual, grooming) from labelled JSONL and "
                + "print k-fold cross-validated P/R/F1 per set (rules, model, combined). Options: --train FILE[:concern] "
                + "(repeatable), --dev FILE[:concern] (repeatable; cross-validated, supplies thresholds), --out MODEL.cgm, "
                + "--seed N, --folds K (0: none), --epochs N, --bits B, --version NAME, --pack FILE. Same data and seed, same bytes.")
public final class TrainCommand implements Callable<Integer> {

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        return org.chatguard.rules.ml.TrainCommand.run(args, System.out);
    }
}
