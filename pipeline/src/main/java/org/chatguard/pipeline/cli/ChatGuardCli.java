package org.chatguard.pipeline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/chatguard}. */
@Command(name = "chatguard",
        mixinStandardHelpOptions = true,
        version = "ChatGuard 0.1.0",
        description = "Streaming moderation for children's chat and mentoring platforms.",
        subcommands = {DemoCommand.class, RunCommand.class, ClassifyCommand.class, EvalCommand.class, TrainCommand.class, TrainConversationsCommand.class, BacktestCommand.class, PublishRulesCommand.class, PublishModelCommand.class, ShadowReportCommand.class, CreateTopicsCommand.class,
                CommandLine.HelpCommand.class})
public final class ChatGuardCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static CommandLine commandLine() {
        return new CommandLine(new ChatGuardCli()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
