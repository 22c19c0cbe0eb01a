// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's command line, typed, with the lab's defaults: Calico-like pod interfaces, eth1 as
 * the data interface, the node IP as switch id. Immutable: each {@code with…} returns a copy, so
 * a test can derive variants from one base. {@code --api-address} is set by {@link AgentProcess}
 * (it must know the port to wait on {@code /readyz}).
 */
public final class AgentFlags {
    private final Map<String, Optional<String>> flags;
    private final List<String> extra;

    private AgentFlags(Map<String, Optional<String>> flags, List<String> extra) {
        this.flags = flags;
        this.extra = extra;
    }

    /** Reports to {@code collector} (HOST:PORT) as the lab's node. */
    public static AgentFlags forLab(NodeLab lab, String collector) {
        return empty()
                .with("--collector", collector)
                .with("--switch-id", lab.nodeIp())
                .with("--cni", "calico-iptables")
                .with("--data-interface", NodeLab.DATA_INTERFACE);
    }

    /** No flag at all (for tests of the command line itself). */
    public static AgentFlags empty() {
        return new AgentFlags(new LinkedHashMap<>(), List.of());
    }

    /** Sets (or replaces) a flag with a value. */
    public AgentFlags with(String flag, String value) {
        Map<String, Optional<String>> copy = new LinkedHashMap<>(flags);
        copy.put(flag, Optional.of(value));
        return new AgentFlags(copy, extra);
    }

    /** Sets a flag without a value (a switch such as {@code --report-every-packet}). */
    public AgentFlags with(String flag) {
        Map<String, Optional<String>> copy = new LinkedHashMap<>(flags);
        copy.put(flag, Optional.empty());
        return new AgentFlags(copy, extra);
    }

    /** Leaves a flag out. */
    public AgentFlags without(String flag) {
        Map<String, Optional<String>> copy = new LinkedHashMap<>(flags);
        copy.remove(flag);
        return new AgentFlags(copy, extra);
    }

    /** Arguments appended as they are, after the typed flags (bad input for the CLI tests). */
    public AgentFlags withRaw(String... arguments) {
        List<String> copy = new ArrayList<>(extra);
        copy.addAll(List.of(arguments));
        return new AgentFlags(flags, List.copyOf(copy));
    }

    public AgentFlags attachMode(String mode) {
        return with("--attach-mode", mode);
    }

    /** Every forwarded packet an event (floods are floods of events). */
    public AgentFlags reportEveryPacket() {
        return with("--report-every-packet");
    }

    public AgentFlags watchlist(Path file) {
        return with("-f", file.toString());
    }

    public AgentFlags reportFormat(String format) {
        return with("--report-format", format);
    }

    public AgentFlags natView(String view) {
        return with("--nat-view", view);
    }

    public AgentFlags ringBufferSize(int bytes) {
        return with("--ring-buffer-size", Integer.toString(bytes));
    }

    public AgentFlags logLevel(String level) {
        return with("--log-level", level);
    }

    public boolean has(String flag) {
        return flags.containsKey(flag);
    }

    /** The value of a flag given with one. */
    public Optional<String> value(String flag) {
        return flags.getOrDefault(flag, Optional.empty());
    }

    /** The arguments, in the order the flags were first set. */
    public List<String> toArguments() {
        List<String> arguments = new ArrayList<>();
        flags.forEach((flag, value) -> {
            arguments.add(flag);
            value.ifPresent(arguments::add);
        });
        arguments.addAll(extra);
        return List.copyOf(arguments);
    }

    @Override
    public String toString() {
        return String.join(" ", toArguments());
    }
}
