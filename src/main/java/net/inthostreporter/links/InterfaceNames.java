// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.links;

import java.nio.charset.StandardCharsets;

/** What the kernel accepts as an interface name (dev_valid_name): checked without asking it. */
public final class InterfaceNames {
    /** IFNAMSIZ minus the terminating NUL. */
    private static final int MAX_BYTES = 15;

    private InterfaceNames() {
    }

    /**
     * Returns the name if an interface could have it.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static String check(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("an interface name cannot be empty");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException("'" + name + "' is longer than " + MAX_BYTES + " bytes, so no interface can have it");
        }
        if (name.equals(".") || name.equals("..") || name.chars().anyMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("'" + name + "' is not an interface name ('/', ':', spaces, '.' and '..' are refused)");
        }
        return name;
    }
}
