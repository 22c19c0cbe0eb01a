// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Command lines written for the previous tool (Go's flag package: one dash or two, a value
 * after a space or an '=') parsed by the real picocli command, as {@link Main} runs it.
 */
class OldCommandLinesTest {
    private static ParseResult parse(Map<String, String> environment, String... args) {
        CommandLine commandLine = Main.commandLine(environment);
        return commandLine.parseArgs(GoStyleFlags.normalize(commandLine.getCommandSpec(), args));
    }

    private static ParseResult parse(String... args) {
        return parse(Map.of(), args);
    }

    private static String value(ParseResult parsed, String option) {
        return parsed.matchedOptionValue(option, null);
    }

    @Test
    void singleDashLongFlagsWithASpaceOrAnEquals() {
        ParseResult parsed = parse("-cni", "calico-iptables", "-collector=10.0.0.5:30001", "-switch-id", "10.0.0.1",
                "-data-interface=enp0s8", "-log-level", "debug", "-report-every-packet");
        assertEquals("calico-iptables", value(parsed, "--cni"));
        assertEquals("10.0.0.5", parsed.<java.net.InetSocketAddress>matchedOptionValue("--collector", null).getHostString());
        assertEquals("10.0.0.1", value(parsed, "--switch-id"));
        assertEquals("enp0s8", value(parsed, "--data-interface"));
        assertEquals("debug", value(parsed, "--log-level"));
        assertEquals(Boolean.TRUE, parsed.matchedOptionValue("--report-every-packet", false));
    }

    @Test
    void shortOptionsAndDoubleDashesStillWork() {
        ParseResult parsed = parse("-c", "cilium", "--collector", "10.0.0.5:30001", "-f", "/etc/watchlist/watchlist.yaml",
                "--data-interface", "eth0");
        assertEquals("cilium", value(parsed, "--cni"));
        assertEquals(List.of(Path.of("/etc/watchlist/watchlist.yaml")), parsed.matchedOptionValue("-f", List.of()));
        assertEquals("eth0", value(parsed, "--data-interface"));
    }

    @Test
    void subcommandsTakeSingleDashFlagsToo() {
        ParseResult parsed = parse("collector", "-listen", "127.0.0.1:32766");
        assertTrue(parsed.hasSubcommand());
        assertEquals(32766, parsed.subcommand().<java.net.InetSocketAddress>matchedOptionValue("--listen", null).getPort());
    }

    /**
     * The previous manifest's and chart's container, word for word: {@code command} and {@code args}
     * with {@code $(VAR)} references that the kubelet expands from {@code env}.
     */
    @Test
    void thePreviousManifestsArgumentsAfterTheKubeletExpandsThem() {
        Map<String, String> env = Map.of("CNI", "cilium", "DATA_INTERFACE", "enp0s8",
                "COLLECTOR", "192.168.33.50:30001", "NODE_IP", "192.168.99.20");
        List<String> args = List.of("--cni", "$(CNI)", "--data-interface", "$(DATA_INTERFACE)", "--collector", "$(COLLECTOR)",
                "--switch-id", "$(NODE_IP)", "-f", "/etc/watchlist/watchlist.yaml");
        String[] expanded = args.stream().map(a -> expand(a, env)).toArray(String[]::new);
        // The same variables are also read as the options' environment form: both must agree.
        ParseResult parsed = parse(env, expanded);
        assertEquals("cilium", value(parsed, "--cni"));
        assertEquals("enp0s8", value(parsed, "--data-interface"));
        assertEquals("192.168.99.20", value(parsed, "--switch-id"));
        assertEquals(List.of(Path.of("/etc/watchlist/watchlist.yaml")), parsed.matchedOptionValue("-f", List.of()));
    }

    private static String expand(String arg, Map<String, String> env) {
        Matcher m = Pattern.compile("\\$\\(([A-Z_]+)\\)").matcher(arg);
        return m.replaceAll(r -> Matcher.quoteReplacement(env.getOrDefault(r.group(1), r.group())));
    }

    /** "-cni" was refused before ("option '--cni' should be specified only once" when -c was also set). */
    @ParameterizedTest
    @ValueSource(strings = {"-cni", "--cni"})
    void aBadValueThroughASingleDashFlagIsNamedByItsLongName(String flag) {
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                "-collector", "127.0.0.1:32766", "-switch-id", "1", "-data-interface", "lo", flag, "flannel");
        assertEquals(2, status, err.toString());
        assertTrue(err.toString().contains("'--cni'") && err.toString().contains("flannel"), err.toString());
    }

    @Test
    void singleDashHelp() {
        StringWriter out = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "-help");
        assertEquals(0, status);
        assertTrue(out.toString().startsWith("Usage: int-host-reporter"), out.toString());
    }
}
