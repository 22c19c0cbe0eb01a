// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.links;

/** What a route-netlink socket delivers, as far as interface hooking cares. */
public sealed interface RouteMessage permits LinkEvent, TcChangeEvent, RouteMessage.DumpDone, RouteMessage.Overrun {
    /** The end of a link dump requested with {@link RouteNetlinkSocket#requestLinkDump()}. */
    record DumpDone(boolean interrupted) implements RouteMessage {
    }

    /**
     * The kernel dropped notifications (ENOBUFS: the socket buffer overflowed), or a dump was
     * interrupted by changes: the receiver's view is stale and must be rebuilt from a dump.
     */
    record Overrun() implements RouteMessage {
    }
}
