// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/** Entry point of {@code int-host-reporter}: the agent, with {@code collector} as a subcommand. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals(AOT_TRAINING)) {
            AotTraining.run(); // the build's training run; not a user command
            return;
        }
        System.exit(run(args));
    }

    /** The argument of the build's ahead-of-time cache training run. */
    static final String AOT_TRAINING = "--aot-training-run";

    /** Parses and runs; returns the exit status (2 for bad input). */
    public static int run(String... args) {
        return execute(new CommandLine(new AgentCommand()), args);
    }

    /** {@link #run(String...)} writing to these streams instead of stdout/stderr (for tests). */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        return execute(new CommandLine(new AgentCommand()).setOut(out).setErr(err), args);
    }

    private static int execute(CommandLine commandLine, String... args) {
        commandLine.setParameterExceptionHandler(oneLineErrors());
        return commandLine.execute(args);
    }

    /**
     * Bad input gets one line naming what was wrong and exit status 2, instead of picocli's
     * message followed by the whole usage text.
     */
    private static IParameterExceptionHandler oneLineErrors() {
        return (ParameterException e, String[] args) -> {
            CommandLine cmd = e.getCommandLine();
            PrintWriter err = cmd.getErr();
            err.println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage() + " (see --help)");
            err.flush();
            return 2;
        };
    }
}
