// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.links;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The CNIs whose pod interfaces we know how to recognise, by their command-line spelling. */
public enum Cni {
    CILIUM("cilium"),
    CALICO_EBPF("calico-ebpf"),
    CALICO_IPTABLES("calico-iptables");

    private final String flag;

    Cni(String flag) {
        this.flag = flag;
    }

    /** The exact spelling used on the command line. */
    public String flag() {
        return flag;
    }

    /** Parses a flag value; the error lists the valid spellings. */
    public static Cni parse(String value) {
        for (Cni cni : values()) {
            if (cni.flag.equals(value)) {
                return cni;
            }
        }
        throw new IllegalArgumentException("unknown CNI '" + value + "'; valid values: "
                + Arrays.stream(values()).map(Cni::flag).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return flag;
    }
}
