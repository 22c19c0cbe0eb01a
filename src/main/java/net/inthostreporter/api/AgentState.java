// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.api;

import java.util.Map;

import net.inthostreporter.datapath.DatapathCounter;
import net.inthostreporter.datapath.DropCounter;
import net.inthostreporter.export.ExportCounter;

/**
 * What the REST API and the metrics read from the running agent. Every method may be called
 * from any HTTP thread at any time, so implementations answer from thread-safe state.
 */
public interface AgentState {
    /** The name of the node's data interface (the one whose link is "is-node-iface"). */
    String dataInterface();

    /** This node's INT switch id (32 bits, as the reports carry it). */
    int switchId();

    /** The interfaces that carry our programs now, by ifindex. */
    Map<Integer, String> hookedInterfaces();

    /** Whether the agent does its job now: every selected interface hooked, the consumer draining. */
    Readiness readiness();

    /** Events read from the ring buffer. */
    long eventsRead();

    /** Reports handed to the socket. */
    long reportsSent();

    /** Reports the socket refused. */
    long reportSendErrors();

    /** The datapath's per-CPU counters summed over CPUs (read from the kernel on each call). */
    Map<DatapathCounter, Long> datapathCounters();

    /** The drop path's per-CPU counters (kfree_skb/consume_skb programs) summed over CPUs. */
    Map<DropCounter, Long> dropPathCounters();

    /** Every export stage's counter: where each report ended (sent or lost, and why), datagrams, calls. */
    Map<ExportCounter, Long> exportCounters();

    /** Ring-buffer callbacks that failed (the event was lost in the agent). */
    long pumpFailures();

    /** Watchlist reloads that made new rules active (the load at start not counted). */
    long watchlistReloads();

    /** Watchlist reloads that were rejected (the previous rules stayed active). */
    long watchlistReloadFailures();

    /** Drop reports by the kernel's drop-reason name (without the SKB_DROP_REASON_ prefix). */
    Map<String, Long> dropsByReason();
}
