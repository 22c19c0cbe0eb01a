// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.agent;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;

import net.inthostreporter.datapath.AttachMode;
import net.inthostreporter.datapath.DatapathConfig;
import net.inthostreporter.export.ExportConfig;
import net.inthostreporter.links.InterfaceSelector;

/**
 * Everything the agent runs with, validated by the command line before anything is loaded.
 *
 * @param switchId       the INT switch id of this node (32 bits)
 * @param hwId           the report stream id inside the switch id (0..63)
 * @param watchlistFile  the watchlist given with -f, if any (stored; enforcement comes with the watchlist feature)
 * @param export         report format, MTU and grouping delay
 */
public record AgentConfig(InetSocketAddress collector, int switchId, int hwId, String dataInterface,
                          InterfaceSelector selector, AttachMode attachMode, DatapathConfig datapath,
                          Optional<Path> watchlistFile, ExportConfig export) {
}
