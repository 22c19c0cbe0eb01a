// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import net.inthostreporter.api.AgentState;
import net.inthostreporter.api.Readiness;
import net.inthostreporter.datapath.Datapath;
import net.inthostreporter.datapath.DatapathCounter;
import net.inthostreporter.datapath.DropCounter;
import net.inthostreporter.datapath.DropTracing;
import net.inthostreporter.datapath.EventPump;
import net.inthostreporter.export.ExportCounter;
import net.inthostreporter.export.ReportSender;
import net.inthostreporter.watchlist.WatchlistService;
import net.inthostreporter.links.LinkWatcher;
import net.inthostreporter.sys.Libc;

/** The running agent's parts, read for the REST API and the metrics (from HTTP threads). */
final class RunningAgentState implements AgentState {
    private final String dataInterface;
    private final int switchId;
    private final Datapath datapath;
    private final ReportSender sender;
    private final EventPump pump;
    private final DropTracing drops;
    private final InterfaceHooks hooks;
    private final LinkWatcher watcher;
    private final WatchlistService watchlist;
    private final Supplier<Map<String, Long>> dropsByReason;

    RunningAgentState(String dataInterface, int switchId, Datapath datapath, ReportSender sender, EventPump pump,
                      DropTracing drops, InterfaceHooks hooks, LinkWatcher watcher, WatchlistService watchlist,
                      Supplier<Map<String, Long>> dropsByReason) {
        this.watchlist = watchlist;
        this.dropsByReason = dropsByReason;
        this.dataInterface = dataInterface;
        this.switchId = switchId;
        this.datapath = datapath;
        this.sender = sender;
        this.pump = pump;
        this.drops = drops;
        this.hooks = hooks;
        this.watcher = watcher;
    }

    @Override
    public String dataInterface() {
        return dataInterface;
    }

    @Override
    public int switchId() {
        return switchId;
    }

    @Override
    public Map<Integer, String> hookedInterfaces() {
        return hooks.hooked();
    }

    @Override
    public Readiness readiness() {
        List<String> problems = new ArrayList<>();
        List<String> failed = hooks.notHooked();
        if (!hooks.isHooked(dataInterface) && !failed.contains(dataInterface)) {
            problems.add(Libc.ifNameToIndex(dataInterface) <= 0
                    ? "the data interface " + dataInterface + " does not exist on this node; it is hooked when it appears"
                    : "the data interface " + dataInterface + " is not hooked");
        }
        if (!failed.isEmpty()) {
            problems.add("attaching failed on " + String.join(", ", failed) + " (retrying)");
        }
        if (!pump.isRunning()) {
            problems.add("the ring-buffer consumer stopped");
        }
        if (watcher.failure() != null) {
            problems.add("the netlink link watcher stopped: " + watcher.failure().getMessage());
        }
        return new Readiness(problems);
    }

    @Override
    public long eventsRead() {
        return pump.events();
    }

    @Override
    public long reportsSent() {
        return sender.counter(ExportCounter.REPORTS_SENT);
    }

    @Override
    public long reportSendErrors() {
        return sender.counter(ExportCounter.REPORTS_LOST_SEND_ERROR);
    }

    @Override
    public Map<DatapathCounter, Long> datapathCounters() {
        return datapath.counters();
    }

    @Override
    public Map<DropCounter, Long> dropPathCounters() {
        return drops.counters();
    }

    @Override
    public Map<ExportCounter, Long> exportCounters() {
        return sender.counters();
    }

    @Override
    public long pumpFailures() {
        return pump.failures();
    }

    @Override
    public long watchlistReloads() {
        return watchlist.state().reloads() - 1; // the first load is the start, not a reload
    }

    @Override
    public long watchlistReloadFailures() {
        return watchlist.state().reloadFailures();
    }

    @Override
    public Map<String, Long> dropsByReason() {
        return dropsByReason.get();
    }
}
