// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The environment-variable form of every option: the long name upper-cased with '-' → '_'
 * ({@code --data-interface} → {@code DATA_INTERFACE}), so a DaemonSet can configure the agent
 * with {@code env:} entries and options added later need no edit here. Picocli asks this provider
 * only for options missing from the command line, so a flag on the command line always wins.
 * An empty variable counts as unset (a Helm template may render {@code value: ""}).
 *
 * <p>It remembers which options took their value from a variable, so that a bad value can be
 * reported under the variable's name: the operator has to fix the manifest, not a flag.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {
    private final Map<String, String> environment;
    private final Set<OptionSpec> supplied = new HashSet<>();

    EnvironmentDefaults(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The variable of an option, or empty for options without a long name and help/version. */
    static Optional<String> variableOf(OptionSpec option) {
        if (option.usageHelp() || option.versionHelp() || !option.longestName().startsWith("--")) {
            return Optional.empty();
        }
        return Optional.of(option.longestName().substring(2).toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** Every variable that configures this command, in option order (for --help). */
    static List<String> variablesOf(CommandSpec command) {
        return command.options().stream().flatMap(o -> variableOf(o).stream()).toList();
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        String value = variableOf(option).map(environment::get).filter(v -> !v.isEmpty()).orElse(null);
        if (value != null) {
            supplied.add(option);
        }
        return value;
    }

    /**
     * The message of a parameter error, with the option replaced by its variable when the bad
     * value came from the environment, and with the variable suggested when a required option
     * is missing.
     */
    String explain(ParameterException e) {
        String message = e.getMessage();
        if (!(e.getArgSpec() instanceof OptionSpec option)) {
            return message;
        }
        Optional<String> variable = variableOf(option);
        if (variable.isEmpty() || option.command() == null || option.command().defaultValueProvider() != this) {
            return message;
        }
        String optionText = "option '" + option.longestName() + "'";
        if (supplied.contains(option) && !matchedOnCommandLine(e, option)) {
            String variableText = "environment variable " + variable.get();
            return message.contains(optionText) ? message.replace(optionText, variableText)
                    : variableText + ": " + message;
        }
        if (message.startsWith("Missing required")) {
            return message + " (or environment variable " + variable.get() + ")";
        }
        return message;
    }

    private static boolean matchedOnCommandLine(ParameterException e, OptionSpec option) {
        var parsed = e.getCommandLine().getParseResult();
        return parsed != null && parsed.hasMatchedOption(option);
    }

    /** Installs the provider on the command itself (not on subcommands) and lists the variables in --help. */
    void install(CommandSpec command) {
        command.defaultValueProvider(this);
        List<String> footer = new ArrayList<>(List.of(command.usageMessage().footer()));
        footer.addAll(List.of("", "Every option can also be set by an environment variable: the long name in upper case "
                + "with '-' as '_'. An option on the command line wins; an empty variable counts as unset.",
                "Variables: " + String.join(", ", variablesOf(command)) + "%n"));
        command.usageMessage().footer(footer.toArray(String[]::new));
    }
}
