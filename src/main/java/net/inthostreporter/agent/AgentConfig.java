// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.agent;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;

import net.inthostreporter.datapath.AttachMode;
import net.inthostreporter.datapath.DatapathConfig;
import net.inthostreporter.export.ExportConfig;
import net.inthostreporter.links.InterfaceSelector;
import net.inthostreporter.report.NatView;

/**
 * Everything the agent runs with, validated by the command line before anything is loaded.
 *
 * @param switchId       the INT switch id of this node (32 bits)
 * @param switchIdText   the same as the operator wrote it (an IPv4 address or a number), for the log
 * @param hwId           the report stream id inside the switch id (0..63)
 * @param watchlistFile  the watchlist given with -f, if any (checked by the command line; read again at start)
 * @param export         report format, MTU, grouping delay and NAT view
 */
public record AgentConfig(InetSocketAddress collector, int switchId, String switchIdText, int hwId, String dataInterface,
                          InterfaceSelector selector, AttachMode attachMode, DatapathConfig datapath,
                          Optional<Path> watchlistFile, ExportConfig export) {
}
