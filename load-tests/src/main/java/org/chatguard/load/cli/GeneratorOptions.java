package org.chatguard.load.cli;

import java.time.Instant;

import picocli.CommandLine.Option;

import org.chatguard.load.gen.GeneratorConfig;

/** Shape of generated traffic. */
public final class GeneratorOptions {

    @Option(names = "--seed", defaultValue = "1", description = "Random seed: same seed, same traffic (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--users", defaultValue = "20000", description = "Distinct users, Zipf-skewed activity (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--conversations", defaultValue = "5000", description = "Conversations per channel pool (default: ${DEFAULT-VALUE}).")
    int conversations;

    @Option(names = "--zipf", defaultValue = "1.05", description = "Zipf exponent of user/conversation activity (default: ${DEFAULT-VALUE}).")
    double zipf;

    @Option(names = "--mix", defaultValue = "0.70,0.20,0.10", split = ",",
            description = "Shares of chat, private messages, blog (default: ${DEFAULT-VALUE}).")
    double[] mix;

    @Option(names = "--harmful-share", defaultValue = "0.05",
            description = "Share of abusive, bullying, self-harm, grooming, personal-info and abuse-disclosure messages (default: ${DEFAULT-VALUE}).")
    double harmfulShare;

    @Option(names = "--malformed-share", defaultValue = "0",
            description = "Share of malformed records for the dead-letter path (generate only; default: ${DEFAULT-VALUE}).")
    double malformedShare;

    @Option(names = "--hot-room-share", defaultValue = "0",
            description = "Share of all messages sent into one busy general room 'general-hot' (many senders, one conversation), e.g. 0.3 (default: ${DEFAULT-VALUE}: none).")
    double hotRoomShare;

    GeneratorConfig config(Instant start, double timelineRate) {
        if (mix.length != 3) {
            throw new IllegalArgumentException("--mix needs three shares: chat,private,blog");
        }
        double sum = mix[0] + mix[1] + mix[2];
        return GeneratorConfig.defaults(seed)
                .withPopulation(users, conversations, zipf)
                .withMix(mix[0] / sum, mix[1] / sum, mix[2] / sum)
                .withHarmfulShare(harmfulShare)
                .withMalformedShare(malformedShare)
                .withTimeline(start, timelineRate)
                .withHotRoomShare(hotRoomShare);
    }
}
