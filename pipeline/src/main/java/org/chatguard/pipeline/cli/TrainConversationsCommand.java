package org.chatguard.pipeline.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** Trains the conversation model from the labelled conversation corpus, delegated to the rules module's trainer. */
@Command(name = "train-conversations",
        description = "Train the conversation model (per sender over the conversation: self, others, dense features) from "
                + "labelled conversations (corpus/conversations/dev) and print cross-validated early-warning figures of the "
                + "model alone. Options: --conversations PATH (repeatable), --out FILE.cgcm, --folds K (0: none) or --by-author, "
                + "--seed N, --bits B, --epochs N, --false-alerts RATE (per head, on the out-of-fold scores; default 0), "
                + "--pack FILE, --details. Same data and seed, same bytes.")
public final class TrainConversationsCommand implements Callable<Integer> {

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        return org.chatguard.rules.ml.ConversationTraining.run(args, System.out);
    }
}
