// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.agent;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.inthostreporter.api.AgentState;
import net.inthostreporter.api.HopLatencyObserver;
import net.inthostreporter.datapath.Attacher;
import net.inthostreporter.datapath.Datapath;
import net.inthostreporter.datapath.DatapathCounter;
import net.inthostreporter.datapath.DropCounter;
import net.inthostreporter.datapath.DropReasonTable;
import net.inthostreporter.datapath.DropTracing;
import net.inthostreporter.datapath.EventPump;
import net.inthostreporter.export.ExportCounter;
import net.inthostreporter.export.ReportSender;
import net.inthostreporter.export.ReportSenders;
import net.inthostreporter.libbpf.LibbpfLogBridge;
import net.inthostreporter.links.LinkWatcher;
import net.inthostreporter.sys.Libc;
import net.inthostreporter.api.WatchlistStatus;
import net.inthostreporter.watchlist.WatchlistService;
import net.inthostreporter.watchlist.WatchlistState;

/**
 * The running agent: the loaded datapath, the event pump feeding the report sender, and the
 * link watcher keeping our programs on the selected interfaces. {@link #close()} undoes it in
 * the safe order: detach first (the traffic stops being observed), then drain, then unload.
 */
public final class Agent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    private static final Duration INITIAL_DUMP_TIMEOUT = Duration.ofSeconds(5);
    /** Safety net for hooks removed without a netlink notification (e.g. a TCX link detached by id). */
    private static final long RECONCILE_PERIOD_MS = 2_000;

    private final Datapath datapath;
    private final ReportSender sender;
    private final EventPump pump;
    private final DropTracing drops;
    private final DropReasonTable dropReasons;
    private final InterfaceHooks hooks;
    private final LinkWatcher watcher;
    private final ScheduledExecutorService timer;
    private final AgentState state;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final WatchlistService watchlist;

    private Agent(Datapath datapath, WatchlistService watchlist, ReportSender sender, EventPump pump, DropTracing drops,
                  DropReasonTable dropReasons, InterfaceHooks hooks, LinkWatcher watcher, ScheduledExecutorService timer,
                  String dataInterface, int switchId) {
        this.datapath = datapath;
        this.watchlist = watchlist;
        this.sender = sender;
        this.pump = pump;
        this.drops = drops;
        this.dropReasons = dropReasons;
        this.hooks = hooks;
        this.watcher = watcher;
        this.timer = timer;
        this.state = new RunningAgentState(dataInterface, switchId, datapath, sender, pump, drops, hooks, watcher, watchlist,
                dropReasons::counts);
    }

    /**
     * Loads, attaches and starts everything; on failure, undoes what was done and rethrows.
     *
     * @param hopLatency told each forwarded packet's hop latency, on the pump thread
     * @param timeline    told when each start-up phase ends (and when the first event comes)
     */
    public static Agent start(AgentConfig config, HopLatencyObserver hopLatency, StartupTimeline timeline) throws Exception {
        LibbpfLogBridge.install();
        timeline.mark("libbpf loaded, log bridge installed");
        Datapath datapath = Datapath.load(config.datapath(), timeline::mark);
        WatchlistService watchlist = null;
        ReportSender sender = null;
        EventPump pump = null;
        DropTracing drops = null;
        InterfaceHooks hooks = null;
        LinkWatcher watcher = null;
        try {
            // Before anything is attached: no packet is judged by the object's default.
            watchlist = WatchlistService.start(config.watchlistFile(), datapath);
            timeline.mark("watchlist");
            sender = ReportSenders.open(config.collector(), config.switchId(), config.hwId(),
                    config.datapath().snapLength(), config.export());
            timeline.mark("report socket");
            DropReasonTable dropReasons = DropReasonTable.fromKernel();
            // The kernel's BTF was parsed twice by now (CO-RE relocations, drop reasons), several
            // MiB each, freed but kept by malloc: give them back now rather than at the JVM's
            // next periodic trim (jvm.options), so the agent's resident memory drops at once.
            Libc.mallocTrim(0);
            timeline.mark("drop reasons from the kernel's BTF, native heap trimmed");
            pump = EventPump.start(datapath.eventsMapFd(), new ReportingSink(sender, dropReasons, hopLatency,
                    () -> timeline.firstEvent(LOG)));
            timeline.mark("ring buffer, event pump");
            drops = DropTracing.attach(datapath); // before the hooks: every record can be finished
            timeline.mark("drop tracing attached");
            hooks = new InterfaceHooks(new Attacher(datapath, config.attachMode()), config.selector());
            watcher = new LinkWatcher(hooks);
            watcher.start();
            if (!watcher.awaitInitialDump(INITIAL_DUMP_TIMEOUT)) {
                throw new IllegalStateException("no answer to the netlink link dump within " + INITIAL_DUMP_TIMEOUT.toSeconds() + " s");
            }
            timeline.mark("link dump, " + hooks.hooked().size() + " interface(s) attached");
            // A data interface that exists but refused our programs is fatal; one that does not exist
            // yet is not (the previous tool ran without it): it is hooked when the kernel announces it.
            if (hooks.notHooked().contains(config.dataInterface())) {
                throw new IllegalStateException("could not attach to the data interface " + config.dataInterface()
                        + " (see the errors above)");
            }
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("reconcile").daemon(true).factory());
            InterfaceHooks reconciled = hooks;
            timer.scheduleWithFixedDelay(reconciled::reconcile, RECONCILE_PERIOD_MS, RECONCILE_PERIOD_MS, TimeUnit.MILLISECONDS);
            Agent agent = new Agent(datapath, watchlist, sender, pump, drops, dropReasons, hooks, watcher, timer,
                    config.dataInterface(), config.switchId());
            LOG.info("reporting to {}:{} as switch {} from {} interface(s): {}", config.collector().getHostString(), config.collector().getPort(),
                    config.switchIdText(), hooks.hooked().size(), hooks.hooked().values());
            LOG.info("reports: Telemetry Report {}, MTU {}, held at most {} µs", config.export().format(),
                    config.export().mtu(), config.export().maxDelay().toNanos() / 1000);
            return agent;
        } catch (Exception | Error e) {
            closeAll(watchlist, watcher, hooks, drops, pump, sender, datapath);
            throw e;
        }
    }

    /** Blocks until {@link #close()} ran. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    public Map<DatapathCounter, Long> datapathCounters() {
        return datapath.counters();
    }

    /** The watchlist the datapath enforces now (for the REST API). */
    public WatchlistState watchlistState() {
        return watchlist.state();
    }

    /** The same, as the REST API shows it. */
    public WatchlistStatus watchlistStatus() {
        return WatchlistStatuses.of(watchlist.state());
    }

    /** Drop reports per kernel drop-reason name (without SKB_DROP_REASON_). */
    public Map<String, Long> dropReasonCounts() {
        return dropReasons.counts();
    }



    public Map<Integer, String> hookedInterfaces() {
        return hooks.hooked();
    }

    /** The running agent as the REST API and the metrics see it. */
    public AgentState state() {
        return state;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        Map<DatapathCounter, Long> counters = datapath.counters();
        Map<DropCounter, Long> dropCounters = drops.counters();
        closeAll(watchlist, watcher, hooks, drops, pump, sender, datapath);
        LOG.info("stopped: {} events, {} reports sent, {} lost to send errors, {} pump failures; export counters {}; "
                        + "datapath counters {}; drop path {}; drops by reason {}",
                pump.events(), sender.counter(ExportCounter.REPORTS_SENT), sender.counter(ExportCounter.REPORTS_LOST_SEND_ERROR),
                pump.failures(), sender.counters(), counters, dropCounters, dropReasons.counts());
        stopped.countDown();
    }

    private static void closeAll(AutoCloseable... parts) {
        for (AutoCloseable part : parts) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("while stopping {}: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
