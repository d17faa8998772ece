package org.chatguard.pipeline.cli;

/**
 * The job jar's main class (its manifest names it), for {@code flink run job.jar run ...} and Flink's
 * application mode. Unlike {@link ChatGuardCli#main} it never calls {@code System.exit}: in application
 * mode {@code main()} runs inside the JobManager, which an exit would take down. A failing command
 * throws instead, so Flink reports the failure.
 */
public final class JobMain {

    private JobMain() {
    }

    public static void main(String[] args) {
        int code = ChatGuardCli.commandLine().execute(args);
        if (code != 0) {
            throw new IllegalStateException("chatguard " + String.join(" ", firstWord(args)) + " failed with exit code " + code);
        }
    }

    private static String[] firstWord(String[] args) {
        // only the subcommand: the other arguments may hold values an operator would not want in a log
        return args.length == 0 ? new String[0] : new String[] {args[0]};
    }
}
