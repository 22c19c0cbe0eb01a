// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The environment-variable form of the agent's options, through the real command line: values
 * fill in missing options, a flag wins, and a bad value is reported under the variable's name.
 * Every case here fails or stops before anything is loaded, so none needs root.
 */
class EnvironmentDefaultsTest {
    /** Enough for validation to pass the required options; "lo" exists on every Linux machine. */
    private static final Map<String, String> REQUIRED = Map.of("COLLECTOR", "127.0.0.1:32766",
            "SWITCH_ID", "10.0.0.1", "DATA_INTERFACE", "lo");

    private final StringWriter err = new StringWriter();
    private final StringWriter out = new StringWriter();

    private CommandLine commandLine(Map<String, String> environment) {
        return Main.commandLine(environment).setErr(new PrintWriter(err, true)).setOut(new PrintWriter(out, true));
    }

    private static Object valueAfterParsing(CommandLine cmd, String option, String... args) {
        cmd.parseArgs(args);
        return cmd.getCommandSpec().findOption(option).getValue();
    }

    private static Map<String, String> with(Map<String, String> base, String name, String value) {
        var copy = new java.util.HashMap<>(base);
        copy.put(name, value);
        return copy;
    }

    @Test
    void theNamesOfThePreviousToolsVariablesFollowTheRule() {
        List<String> variables = EnvironmentDefaults.variablesOf(Main.commandLine(Map.of()).getCommandSpec());
        assertTrue(variables.containsAll(List.of("COLLECTOR", "SWITCH_ID", "CNI", "DATA_INTERFACE", "LOG_LEVEL",
                "WATCHLIST_CONF", "IFACE_PATTERN", "ATTACH_MODE", "SNAP_LENGTH", "HW_ID")), variables.toString());
        assertFalse(variables.contains("HELP") || variables.contains("VERSION"), variables.toString());
    }

    @Test
    void everyOptionWithALongNameHasAVariable() {
        for (OptionSpec option : Main.commandLine(Map.of()).getCommandSpec().options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            String expected = option.longestName().substring(2).toUpperCase(java.util.Locale.ROOT).replace('-', '_');
            assertEquals(expected, EnvironmentDefaults.variableOf(option).orElseThrow(), option.longestName());
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"SNAP_LENGTH, 64, --snap-length, 64", "HW_ID, 7, --hw-id, 7", "CNI, cilium, --cni, cilium",
            "WATCHLIST_CONF, /etc/watchlist/watchlist.yaml, --watchlist-conf, [/etc/watchlist/watchlist.yaml]",
            "WATCHLIST_CONF, '/etc/watchlist/watchlist.yaml,/etc/ihr/w.yaml', --watchlist-conf, '[/etc/watchlist/watchlist.yaml, /etc/ihr/w.yaml]'",
            "LOG_LEVEL, debug, --log-level, debug"})
    void aVariableFillsInAMissingOption(String variable, String value, String option, String expected) {
        Object parsed = valueAfterParsing(commandLine(Map.of(variable, value)), option);
        assertEquals(expected, String.valueOf(parsed));
    }

    @Test
    void aFlagOnTheCommandLineWins() {
        assertEquals(32, valueAfterParsing(commandLine(Map.of("SNAP_LENGTH", "64")), "--snap-length", "--snap-length", "32"));
    }

    @Test
    void aBadVariableIsIgnoredWhenTheFlagIsGiven() {
        assertEquals(32, valueAfterParsing(commandLine(Map.of("SNAP_LENGTH", "abc")), "--snap-length", "--snap-length=32"));
    }

    @Test
    void anEmptyVariableCountsAsUnset() {
        assertEquals(128, valueAfterParsing(commandLine(Map.of("SNAP_LENGTH", "")), "--snap-length"));
    }

    @Test
    void helpAndVersionAreNotVariables() {
        CommandLine cmd = commandLine(Map.of("HELP", "true", "VERSION", "true"));
        cmd.parseArgs();
        assertFalse(cmd.isUsageHelpRequested());
        assertFalse(cmd.isVersionHelpRequested());
    }

    @Test
    void theCollectorSubcommandReadsFlagsOnly() {
        CommandLine cmd = commandLine(Map.of("LISTEN", "not-an-address", "COUNT", "x"));
        var parsed = cmd.parseArgs("collector");
        assertTrue(parsed.hasSubcommand());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "SNAP_LENGTH, abc, 'Invalid value for environment variable SNAP_LENGTH: ''abc'' is not an int'",
            "SNAP_LENGTH, 9999, 'Invalid value for environment variable SNAP_LENGTH: snap length must be 1..512, got 9999'",
            "HW_ID, 99, 'Invalid value for environment variable HW_ID: 99 is not in 0..63'",
            "SWITCH_ID, not-a-switch, 'Invalid value for environment variable SWITCH_ID: '",
            "ATTACH_MODE, xdp, 'Invalid value for environment variable ATTACH_MODE: '",
            "CNI, flannel, 'Invalid value for environment variable CNI: '",
            "IFACE_PATTERN, '(', 'Invalid value for environment variable IFACE_PATTERN: ''('' is not a regular expression'",
            "DATA_INTERFACE, no/such/if0, 'Invalid value for environment variable DATA_INTERFACE: ''no/such/if0'' is not an interface name'",
            "WATCHLIST_CONF, /nonexistent/watchlist.yaml, 'Invalid value for environment variable WATCHLIST_CONF: cannot read'",
            "LOG_LEVEL, loud, 'Invalid value for environment variable LOG_LEVEL: ''loud'' is not a log level'"})
    void aBadVariableExitsWithStatusTwoAndOneLineNamingIt(String variable, String value, String expectedStart) {
        int status = commandLine(with(REQUIRED, variable, value)).execute();
        assertEquals(2, status, err.toString());
        List<String> lines = err.toString().lines().toList();
        assertEquals(1, lines.size(), err.toString());
        String line = lines.getFirst();
        assertTrue(line.startsWith("int-host-reporter: " + expectedStart), line);
        String flag = "--" + variable.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        assertFalse(line.contains("'" + flag + "'"), line);
    }

    @Test
    void aBadFlagIsStillReportedAsTheFlagWhenTheVariableIsSet() {
        int status = commandLine(with(REQUIRED, "SNAP_LENGTH", "64")).execute("--snap-length", "abc");
        assertEquals(2, status);
        assertTrue(err.toString().contains("Invalid value for option '--snap-length': 'abc' is not an int"), err.toString());
    }

    @Test
    void aMissingRequiredOptionSuggestsItsVariable() {
        int status = commandLine(Map.of("SWITCH_ID", "10.0.0.1", "DATA_INTERFACE", "lo", "COLLECTOR", "")).execute();
        assertEquals(2, status);
        assertEquals("int-host-reporter: Missing required option '--collector' (or environment variable COLLECTOR) (see --help)",
                err.toString().strip());
    }

    @Test
    void helpListsTheVariables() {
        assertEquals(0, commandLine(Map.of()).execute("--help"));
        String help = out.toString().replaceAll("\\s+", " ");
        assertTrue(help.contains("Variables: COLLECTOR, SWITCH_ID, CNI, DATA_INTERFACE"), help);
        assertTrue(help.contains("An option on the command line wins"), help);
    }
}
