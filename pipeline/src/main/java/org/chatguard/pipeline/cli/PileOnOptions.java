package org.chatguard.pipeline.cli;

import java.time.Duration;

import picocli.CommandLine.Option;

import org.chatguard.rules.risk.PileOn;

/** What makes a pile-on, for {@code run}/{@code demo} and {@code classify}: one set of options, one {@link PileOn.Config}. */
public final class PileOnOptions {

    @Option(names = "--pile-on-senders", defaultValue = "3",
            description = "Distinct senders aiming insults or exclusion at one person within --pile-on-window that raise "
                    + "a pile-on alert about that person; at least 3 (default: ${DEFAULT-VALUE}).")
    int senders;

    @Option(names = "--pile-on-window", defaultValue = "PT10M",
            description = "How close together (event time) the pile-on senders' messages must be (default: ${DEFAULT-VALUE}).")
    Duration window;

    @Option(names = "--pile-on-model-score", defaultValue = "0.5",
            description = "Bullying model score from which a message no rule flagged still counts towards a pile-on "
                    + "(default: ${DEFAULT-VALUE}).")
    double modelScore;

    public PileOn.Config config() {
        PileOn.Config d = PileOn.Config.defaults();
        return new PileOn.Config(senders, window, modelScore, Math.max(d.maxSenders(), senders));
    }
}
