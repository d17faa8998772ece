package org.chatguard.load.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code chatguard-load}: traffic generation, replay, open-loop load and the passthrough-vs-ChatGuard benchmark. */
@Command(name = "chatguard-load", mixinStandardHelpOptions = true, version = "chatguard-load 0.1.0",
        description = "Load tests for ChatGuard. Traffic goes to localhost only.",
        subcommands = {GenerateCommand.class, ReplayCommand.class, LoadCommand.class, BenchCommand.class, CountDecisionsCommand.class,
                JfrTopCommand.class})
public final class ChatGuardLoadCli {

    public static void main(String[] args) {
        int code = new CommandLine(new ChatGuardLoadCli())
                .registerConverter(java.time.Duration.class, new DurationConverter())
                .execute(args);
        System.exit(code);
    }
}
