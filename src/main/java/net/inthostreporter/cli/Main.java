// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.cli;

import java.io.PrintWriter;
import java.util.Map;

import net.inthostreporter.agent.StartupTimeline;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/** Entry point of {@code int-host-reporter}: the agent, with {@code collector} as a subcommand. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        StartupTimeline timeline = StartupTimeline.startingNow();
        if (args.length == 1 && args[0].equals(AOT_TRAINING)) {
            AotTraining.run(); // the build's training run; not a user command
            return;
        }
        System.exit(execute(commandLine(System.getenv(), timeline), args));
    }

    /** The argument of the build's ahead-of-time cache training run. */
    static final String AOT_TRAINING = "--aot-training-run";

    /** Parses and runs with this process's environment; returns the exit status (2 for bad input). */
    public static int run(String... args) {
        return run(System.getenv(), args);
    }

    /** Parses and runs; options missing from {@code args} are taken from {@code environment}. */
    public static int run(Map<String, String> environment, String... args) {
        return execute(commandLine(environment), args);
    }

    static CommandLine commandLine(Map<String, String> environment) {
        return commandLine(environment, StartupTimeline.untimed());
    }

    private static CommandLine commandLine(Map<String, String> environment, StartupTimeline timeline) {
        CommandLine commandLine = new CommandLine(new AgentCommand(timeline));
        EnvironmentDefaults defaults = new EnvironmentDefaults(environment);
        defaults.install(commandLine.getCommandSpec());
        commandLine.setParameterExceptionHandler(oneLineErrors(defaults));
        return commandLine;
    }

    /** Parses and runs without the environment, writing to these streams (for tests). */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        return execute(commandLine(Map.of()).setOut(out).setErr(err), args);
    }

    /** Every way in runs here: the previous tool's single-dash long flags are accepted first. */
    private static int execute(CommandLine commandLine, String... args) {
        return commandLine.execute(GoStyleFlags.normalize(commandLine.getCommandSpec(), args));
    }

    /**
     * Bad input gets one line naming what was wrong and exit status 2, instead of picocli's
     * message followed by the whole usage text.
     */
    private static IParameterExceptionHandler oneLineErrors(EnvironmentDefaults defaults) {
        return (ParameterException e, String[] args) -> {
            CommandLine cmd = e.getCommandLine();
            PrintWriter err = cmd.getErr();
            err.println(cmd.getCommandSpec().qualifiedName() + ": " + defaults.explain(e) + " (see --help)");
            err.flush();
            return 2;
        };
    }
}
