// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.links;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides which interfaces get our TC programs: the node's data interface (exact name), the
 * pod-side veths of the configured CNI, and whatever an optional extra pattern matches
 * (whole name).
 *
 * <ul>
 *   <li>cilium: {@code lxc*} except {@code lxc_health} (Cilium's own health endpoint)</li>
 *   <li>calico-ebpf, calico-iptables: {@code cali*} (Calico's {@code vxlan.calico} does not
 *       start with "cali" and so is never taken)</li>
 * </ul>
 */
public final class InterfaceSelector {
    private final String dataInterface;
    private final Optional<Cni> cni;
    private final Optional<Pattern> extra;

    public InterfaceSelector(String dataInterface, Optional<Cni> cni, Optional<Pattern> extra) {
        this.dataInterface = Objects.requireNonNull(dataInterface, "dataInterface");
        this.cni = Objects.requireNonNull(cni, "cni");
        this.extra = Objects.requireNonNull(extra, "extra");
    }

    /** Whether an interface with this name is to be hooked. */
    public boolean selects(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        if (name.equals(dataInterface)) {
            return true;
        }
        if (cni.isPresent() && selectedByCni(cni.get(), name)) {
            return true;
        }
        return extra.isPresent() && extra.get().matcher(name).matches();
    }

    private static boolean selectedByCni(Cni cni, String name) {
        return switch (cni) {
            case CILIUM -> name.startsWith("lxc") && !name.equals("lxc_health");
            case CALICO_EBPF, CALICO_IPTABLES -> name.startsWith("cali") && !name.equals("vxlan.calico");
        };
    }

    /** Whether this is the data interface (which, unlike pod veths, also carries node traffic). */
    public boolean isDataInterface(String name) {
        return dataInterface.equals(name);
    }
}
