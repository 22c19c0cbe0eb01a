// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.topology;

import java.util.List;
import java.util.Optional;

/**
 * The switches between the nodes, which the nodes cannot tell about: read from a small YAML
 * file (see {@link FabricParser}).
 */
public record Fabric(List<Switch> switches, List<Host> hosts) {
    public static final Fabric NONE = new Fabric(List.of(), List.of());

    public Fabric {
        switches = List.copyOf(switches);
        hosts = List.copyOf(hosts);
    }

    /**
     * A fabric switch and its ports toward nodes and hosts.
     *
     * @param switchId its INT switch id (unsigned 32 bits)
     */
    public record Switch(String name, String ip, String deviceType, long switchId, List<Port> ports) {
        public Switch {
            ports = List.copyOf(ports);
        }
    }

    /**
     * One port of a fabric switch, cabled to a node (by its switch name or IP) or to a host (by name).
     *
     * @param line where it is written, for messages about what it refers to
     */
    public record Port(String port, Optional<String> node, Optional<String> host, int line) {
    }

    /** A machine that is neither a node nor a switch, e.g. a load generator on a leaf port. */
    public record Host(String name, String ip) {
    }
}
