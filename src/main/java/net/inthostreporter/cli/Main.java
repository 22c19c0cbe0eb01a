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

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Parses and runs; returns the exit status (2 for bad input). */
    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new AgentCommand());
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
