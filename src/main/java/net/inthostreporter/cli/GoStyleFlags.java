// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.cli;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The previous tool parsed its command line with Go's {@code flag} package, where a long flag
 * takes one dash or two ({@code -collector x}, {@code -collector=x}, {@code --collector x}).
 * Picocli reads {@code -cni} as the short option {@code -c} with the value {@code ni}, so old
 * command lines would be refused or, worse, misread. This rewrites {@code -name} and
 * {@code -name=value} to {@code --name…} when {@code --name} is an option of the command being
 * parsed (subcommands followed), before picocli sees the arguments. Short options
 * ({@code -f FILE}, {@code -c CNI}) and values are left alone; {@code --} ends the options.
 */
final class GoStyleFlags {
    private GoStyleFlags() {
    }

    static String[] normalize(CommandSpec command, String... args) {
        List<String> out = new ArrayList<>(args.length);
        CommandSpec current = command;
        boolean valueNext = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (valueNext) {
                out.add(arg);
                valueNext = false;
                continue;
            }
            if (arg.equals("--")) {
                for (int j = i; j < args.length; j++) {
                    out.add(args[j]);
                }
                break;
            }
            if (!arg.startsWith("-") && current.subcommands().containsKey(arg)) {
                current = current.subcommands().get(arg).getCommandSpec();
                out.add(arg);
                continue;
            }
            String rewritten = arg.length() > 2 && arg.charAt(0) == '-' && arg.charAt(1) != '-' ? "-" + arg : arg;
            OptionSpec option = longOption(current, rewritten);
            if (option == null) {
                out.add(arg); // a short option, a value, or something picocli will refuse by its own name
                continue;
            }
            out.add(rewritten);
            // "--name value": the next argument is the value, even if it looks like a flag or a subcommand.
            valueNext = !rewritten.contains("=") && option.arity().min() > 0;
        }
        return out.toArray(String[]::new);
    }

    /** The option whose long name is {@code arg} (up to an '='), or null. */
    private static OptionSpec longOption(CommandSpec command, String arg) {
        if (!arg.startsWith("--")) {
            return null;
        }
        int equals = arg.indexOf('=');
        String name = equals < 0 ? arg : arg.substring(0, equals);
        for (OptionSpec option : command.options()) {
            for (String n : option.names()) {
                if (n.equals(name)) {
                    return option;
                }
            }
        }
        return null;
    }
}
