// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.watchlist;

/** A port or an inclusive range of ports, {@code 53} or {@code 1000-2000}; ports are 1..65535. */
public record PortRange(int low, int high) {
    public PortRange {
        if (low < 1 || low > 65535 || high < 1 || high > 65535) {
            throw new IllegalArgumentException("port out of range 1..65535: " + (low == high ? low : low + "-" + high));
        }
        if (low > high) {
            throw new IllegalArgumentException("inverted port range " + low + "-" + high);
        }
    }

    public static PortRange parse(String text) {
        String t = text.strip();
        int dash = t.indexOf('-', 1);
        try {
            if (dash < 0) {
                int port = Integer.parseInt(t);
                return new PortRange(port, port);
            }
            return new PortRange(Integer.parseInt(t.substring(0, dash).strip()), Integer.parseInt(t.substring(dash + 1).strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port '" + text + "': expected a number or a range like 1000-2000");
        }
    }

    public boolean contains(int port) {
        return port >= low && port <= high;
    }

    @Override
    public String toString() {
        return low == high ? Integer.toString(low) : low + "-" + high;
    }
}
