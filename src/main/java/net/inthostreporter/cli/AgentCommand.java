// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.cli;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.inthostreporter.agent.Agent;
import net.inthostreporter.agent.AgentConfig;
import net.inthostreporter.agent.StartupTimeline;
import net.inthostreporter.api.AgentMetrics;
import net.inthostreporter.api.ApiRoutes;
import net.inthostreporter.api.ApiServer;
import net.inthostreporter.collector.CollectorCommand;
import net.inthostreporter.collector.DurationConverter;
import net.inthostreporter.collector.HostPortConverter;
import net.inthostreporter.datapath.AttachMode;
import net.inthostreporter.datapath.DatapathConfig;
import net.inthostreporter.datapath.EventLayout;
import net.inthostreporter.export.ExportConfig;
import net.inthostreporter.links.Cni;
import net.inthostreporter.links.InterfaceNames;
import net.inthostreporter.links.InterfaceSelector;
import net.inthostreporter.report.NatView;
import net.inthostreporter.report.ReportFormat;
import net.inthostreporter.report.SwitchId;
import net.inthostreporter.sys.Libc;
import net.inthostreporter.topology.TopologyCommand;
import net.inthostreporter.watchlist.MountInfo;
import net.inthostreporter.watchlist.WatchlistException;
import net.inthostreporter.watchlist.WatchlistParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code int-host-reporter [options]}: the agent. The flags of the previous implementation keep
 * their names and meaning, so existing DaemonSet manifests keep working. Every value is checked
 * here, before anything is loaded or attached.
 */
@Command(name = "int-host-reporter", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        subcommands = {CollectorCommand.class, TopologyCommand.class}, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Makes this node look like an INT switch: eBPF programs on the pod interfaces and the data "
                + "interface pair each packet's ingress and egress, and the agent sends INT Telemetry Reports "
                + "(v0.5, or v2.0 with --report-format v2) to the collector.",
                "Needs root, or CAP_BPF + CAP_NET_ADMIN + CAP_PERFMON."})
public final class AgentCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(AgentCommand.class);

    @Spec
    private CommandSpec spec;

    private final StartupTimeline timeline;

    public AgentCommand() {
        this(StartupTimeline.untimed());
    }

    AgentCommand(StartupTimeline timeline) {
        this.timeline = timeline;
    }

    @Option(names = "--collector", paramLabel = "HOST:PORT", converter = HostPortConverter.class,
            description = "Where to send INT reports (UDP), e.g. 10.0.0.5:32766. Required.")
    private InetSocketAddress collector;

    @Option(names = "--switch-id", paramLabel = "ID",
            description = "This node's INT switch id: a 32-bit number or an IPv4 address (usually the node IP). Required.")
    private String switchId;

    @Option(names = {"-c", "--cni"}, paramLabel = "CNI",
            description = "Hook the pod interfaces of this CNI: cilium (lxc*), calico-ebpf or calico-iptables (cali*).")
    private String cni;

    @Option(names = "--data-interface", paramLabel = "NAME",
            description = "The node's data interface (the one toward other nodes). Required. If the node has no "
                    + "interface of that name yet, the pod interfaces are hooked and it is hooked when it appears "
                    + "(/readyz says what is missing until then).")
    private String dataInterface;

    @Option(names = "--iface-pattern", paramLabel = "REGEX",
            description = "Also hook interfaces whose whole name matches this regular expression.")
    private String ifacePattern;

    @Option(names = {"-f", "--watchlist-conf"}, paramLabel = "FILE", split = ",",
            description = "Watchlist file (YAML): report only the packets its rules match. Reloaded when it changes "
                    + "and on SIGHUP. Without it, every forwarded packet is reported. Several files (repeated, or "
                    + "separated by ','): the first that exists at start is read, e.g. a previous deployment's "
                    + "ConfigMap before this one's.")
    private List<Path> watchlists = List.of();

    @Option(names = "--api-address", paramLabel = "HOST:PORT", converter = HostPortConverter.class,
            defaultValue = "0.0.0.0:4048",
            description = "Where the REST API (topology, watchlist, /healthz, /readyz, /metrics) listens. Default: ${DEFAULT-VALUE}.")
    private InetSocketAddress apiAddress;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info",
            description = "info, debug or trace (also warn, error). Default: ${DEFAULT-VALUE}.")
    private String logLevel;

    @Option(names = "--attach-mode", paramLabel = "MODE", defaultValue = "auto",
            description = "auto (TCX where the kernel has it, else tc), tcx or tc. Default: ${DEFAULT-VALUE}.")
    private String attachMode;

    @Option(names = "--snap-length", paramLabel = "BYTES", defaultValue = "128",
            description = "Bytes of each packet carried in its report, 1.." + EventLayout.SNAP_MAX + ". Default: ${DEFAULT-VALUE}.")
    private int snapLength;

    @Option(names = "--hw-id", paramLabel = "N", defaultValue = "0",
            description = "INT hw_id of this agent's report stream, 0..63. Default: ${DEFAULT-VALUE}.")
    private int hwId;

    @Option(names = "--report-interval", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "Report each flow at least this often while it sends (e.g. 1s, 500ms). Default: ${DEFAULT-VALUE}.")
    private Duration reportInterval;

    @Option(names = "--latency-quantum", paramLabel = "DURATION", defaultValue = "10us", converter = DurationConverter.class,
            description = "Hop-latency buckets [q,2q), [2q,4q)...: a flow whose latency rises to a higher bucket is "
                    + "reported at once. Default: ${DEFAULT-VALUE}.")
    private Duration latencyQuantum;

    @Option(names = "--report-every-packet",
            description = "Report every forwarded packet instead of only changes (debugging).")
    private boolean reportEveryPacket;

    @Option(names = "--nat-view", paramLabel = "VIEW", defaultValue = "egress",
            description = "Inner headers of NATed packets as they leave this hop (egress) or as they arrived (ingress: "
                    + "addresses and ports rewritten to the pre-NAT tuple, checksums fixed). Default: ${DEFAULT-VALUE}.")
    private String natView;

    @Option(names = "--report-format", paramLabel = "FORMAT", defaultValue = "v0.5",
            description = "Telemetry Report version: v0.5 (one report per datagram, what DeepInsight reads) or v2 "
                    + "(reports grouped per datagram). Default: ${DEFAULT-VALUE}.")
    private String reportFormat;

    @Option(names = "--report-mtu", paramLabel = "BYTES", defaultValue = "" + ExportConfig.DEFAULT_MTU,
            description = "Path MTU toward the collector: report datagrams stay within it, IP and UDP headers included. "
                    + "Default: ${DEFAULT-VALUE}.")
    private int reportMtu;

    @Option(names = "--report-max-delay", paramLabel = "DURATION", defaultValue = "1ms", converter = DurationConverter.class,
            description = "Longest a report waits for others to share its datagram (e.g. 250us, 1ms). Default: ${DEFAULT-VALUE}.")
    private Duration reportMaxDelay;

    @Option(names = "--ring-buffer-size", paramLabel = "BYTES", defaultValue = "" + DatapathConfig.DEFAULT_RING_BUFFER_BYTES,
            description = "Size of the kernel-to-agent event ring buffer: a power of two, at least 4096. Events that find "
                    + "it full are counted (RINGBUF_FULL) and lost. Default: ${DEFAULT-VALUE}.")
    private int ringBufferBytes;

    @Override
    public Integer call() throws Exception {
        timeline.mark("flags parsed");
        Running running = start();
        if (running == null) {
            return 1;
        }
        // The API goes first: nothing may read the datapath once it is unloaded.
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "agent-shutdown"));
        timeline.log(LOG);
        running.agent().awaitStopped();
        return 0;
    }

    /** The agent and its API, started; closing stops the API first, then the agent. */
    record Running(ApiServer api, Agent agent) implements AutoCloseable {
        @Override
        public void close() {
            api.close();
            agent.close();
        }
    }

    /**
     * Checks the flags (bad ones throw the ParameterException that becomes a one-line error) and
     * starts the agent and its API; null when it could not start (logged).
     */
    Running start() throws Exception {
        AgentConfig config = validate();
        LogLevel.parse(logLevel).apply();
        warnAboutLegacySetups(config);
        timeline.mark("flags checked, logging set up");
        // The API port is taken before anything is loaded: a busy port fails with nothing attached.
        ApiServer api;
        try {
            api = ApiServer.bind(apiAddress);
        } catch (java.io.IOException e) {
            LOG.error("cannot listen on --api-address {}:{}: {}", apiAddress.getHostString(), apiAddress.getPort(), e.getMessage());
            return null;
        }
        AgentMetrics metrics = new AgentMetrics();
        timeline.mark("API port bound, metrics registered");
        Agent agent;
        try {
            agent = Agent.start(config, metrics.hopLatency(), timeline);
        } catch (Exception e) {
            api.close();
            LOG.error("cannot start: {}", e.getMessage());
            LOG.debug("start failure", e);
            return null;
        } catch (ExceptionInInitializerError | NoClassDefFoundError e) {
            // A missing libbpf.so.1 fails the static lookup of the libbpf bindings: one line, not a trace.
            api.close();
            LOG.error("cannot start: {} (libbpf 1.x is needed: libbpf1 on Debian/Ubuntu)", rootMessage(e));
            LOG.debug("start failure", e);
            return null;
        }
        metrics.bind(agent.state());
        api.start(ApiRoutes.of(agent.state(), metrics, agent::watchlistStatus));
        timeline.mark("API started");
        return new Running(api, agent);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }

    /** Checks every flag; the first problem becomes a one-line error with exit status 2. */
    private AgentConfig validate() {
        require(collector, "--collector");
        require(switchId, "--switch-id");
        require(dataInterface, "--data-interface");
        int switchIdValue = parse("--switch-id", () -> SwitchId.parse(switchId));
        Optional<Cni> cniValue = cni == null ? Optional.empty() : Optional.of(parse("--cni", () -> Cni.parse(cni)));
        Optional<Pattern> pattern = Optional.empty();
        if (ifacePattern != null) {
            try {
                pattern = Optional.of(Pattern.compile(ifacePattern));
            } catch (PatternSyntaxException e) {
                throw bad("--iface-pattern", "'" + ifacePattern + "' is not a regular expression: " + e.getDescription());
            }
        }
        parse("--log-level", () -> LogLevel.parse(logLevel));
        AttachMode mode = parse("--attach-mode", () -> AttachMode.parse(attachMode));
        if (hwId < 0 || hwId > 63) {
            throw bad("--hw-id", hwId + " is not in 0..63");
        }
        NatView natViewValue = parse("--nat-view", () -> NatView.parse(natView));
        // Both durations are positive (DurationConverter), so the change filter cannot fail on user input.
        DatapathConfig snapped = parse("--snap-length", () -> DatapathConfig.defaults().withSnapLength(snapLength));
        DatapathConfig datapath = parse("--ring-buffer-size", () -> snapped.withRingBufferBytes(ringBufferBytes))
                .withChanges(new DatapathConfig.ChangeFilter(reportEveryPacket, reportInterval, latencyQuantum,
                        DatapathConfig.ChangeFilter.DEFAULT.flowCapacity()));
        ReportFormat format = parse("--report-format", () -> ReportFormat.parse(reportFormat));
        if (natViewValue == NatView.INGRESS && format == ReportFormat.V2) {
            throw bad("--nat-view", "ingress rewrites v0.5 reports; v2.0 reports carry the ingress view in their extension");
        }
        ExportConfig export = parse("--report-mtu", () -> new ExportConfig(format, reportMtu, reportMaxDelay, natViewValue));
        parse("--report-mtu", () -> {
            export.checkFits(datapath.snapLength(), collector.getAddress() instanceof java.net.Inet6Address);
            return export;
        });
        Path watchlist = watchlists.isEmpty() ? null
                : watchlists.stream().filter(Files::exists).findFirst().orElse(watchlists.getFirst());
        if (watchlist != null && !Files.isReadable(watchlist)) {
            throw bad("--watchlist-conf", "cannot read " + (watchlists.size() == 1 ? watchlist
                    : "any of " + watchlists.stream().map(Path::toString).collect(java.util.stream.Collectors.joining(", "))));
        }
        if (watchlist != null) {
            try {
                WatchlistParser.parse(watchlist);
            } catch (WatchlistException e) {
                throw bad("--watchlist-conf", e.getMessage());
            }
        }
        if (collector.getAddress() == null || collector.getPort() == 0) {
            throw bad("--collector", "needs a host and a non-zero port");
        }
        // A missing interface is not an error (the previous tool ran without it; it is hooked when it
        // appears), but a name the kernel could never give an interface is.
        parse("--data-interface", () -> InterfaceNames.check(dataInterface));
        return new AgentConfig(collector, switchIdValue, switchId.strip(), hwId, dataInterface,
                new InterfaceSelector(dataInterface, cniValue, pattern), mode, datapath, Optional.ofNullable(watchlist),
                export);
    }

    /** Start-up warnings for set-ups that work but not as the operator may expect. */
    private void warnAboutLegacySetups(AgentConfig config) {
        if (Libc.ifNameToIndex(dataInterface) <= 0) {
            LOG.warn("the data interface {} does not exist on this node (yet): the pod interfaces are hooked now, {} "
                    + "when it appears; /readyz answers 503 until then", dataInterface, dataInterface);
        }
        config.watchlistFile().filter(MountInfo::isFileMount).ifPresent(file -> LOG.warn(
                "the watchlist {} is a mount of its own (a subPath mount of a ConfigMap?): edits of the ConfigMap never "
                        + "reach it; mount the ConfigMap as a directory instead (README, \"Upgrading from the previous "
                        + "tool\")", file));
    }

    private void require(Object value, String flag) {
        if (value == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option '" + flag + "'", spec.findOption(flag), null);
        }
    }

    private <T> T parse(String flag, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw bad(flag, e.getMessage());
        }
    }

    private ParameterException bad(String flag, String problem) {
        // The option travels with the error so that Main can name its environment variable instead.
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + flag + "': " + problem,
                spec.findOption(flag), null);
    }

}
