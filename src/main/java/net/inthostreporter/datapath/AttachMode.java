// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.datapath;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How our programs hang on an interface. */
public enum AttachMode {
    /** TCX links where the kernel has them (6.6+), cls_bpf filters otherwise. */
    AUTO,
    /** TCX links, first in the chain; they go away with the agent's process. */
    TCX,
    /** cls_bpf direct-action filters on clsact, priority 1, with a handle of our own. */
    TC;

    public static AttachMode parse(String value) {
        for (AttachMode mode : values()) {
            if (mode.flag().equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown attach mode '" + value + "'; valid values: "
                + Arrays.stream(values()).map(AttachMode::flag).collect(Collectors.joining(", ")));
    }

    public String flag() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return flag();
    }
}
