// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

/**
 * The 32-bit switch_id that names a node in INT reports, written either as a decimal number or
 * as an IPv4 address (a.b.c.d = a&lt;&lt;24|b&lt;&lt;16|c&lt;&lt;8|d), the usual choice being the node IP.
 * Parsing is purely textual: a host name is rejected rather than resolved.
 */
public final class SwitchId {

    private static final long MAX = 0xFFFF_FFFFL;

    private SwitchId() {
    }

    /**
     * Parses "4294967295"-style decimal or "10.0.0.1"-style dotted IPv4 text.
     *
     * @return the switch_id as an int holding the unsigned 32-bit value
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static int parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException(
                    "switch_id is empty: give a decimal number (0..4294967295) or an IPv4 address a.b.c.d");
        }
        return text.indexOf('.') >= 0 ? parseDotted(text) : parseDecimal(text);
    }

    /** The switch_id as an unsigned number (what the wire carries). */
    public static long toUnsigned(int switchId) {
        return Integer.toUnsignedLong(switchId);
    }

    /** The switch_id in dotted IPv4 form, e.g. 167772161 → "10.0.0.1". */
    public static String toDotted(long switchId) {
        return ((switchId >>> 24) & 0xFF) + "." + ((switchId >>> 16) & 0xFF) + "."
                + ((switchId >>> 8) & 0xFF) + "." + (switchId & 0xFF);
    }

    private static int parseDecimal(String text) {
        // 10 digits at most so the long never overflows before the range check.
        if (!allDigits(text, 0, text.length()) || text.length() > 10) {
            throw invalid(text, "not a decimal number in 0..4294967295 nor an IPv4 address a.b.c.d");
        }
        long value = Long.parseLong(text);
        if (value > MAX) {
            throw invalid(text, "decimal value is above 4294967295 (2^32 - 1)");
        }
        return (int) value;
    }

    private static int parseDotted(String text) {
        int value = 0;
        int octets = 0;
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('.', start);
            if (end < 0) {
                end = text.length();
            }
            if (++octets > 4) {
                throw invalid(text, "an IPv4 address has 4 parts");
            }
            value = value << 8 | parseOctet(text, start, end);
            start = end + 1;
        }
        if (octets != 4) {
            throw invalid(text, "an IPv4 address has 4 parts, found " + octets);
        }
        return value;
    }

    private static int parseOctet(String text, int start, int end) {
        int length = end - start;
        if (length == 0 || length > 3 || !allDigits(text, start, end)) {
            throw invalid(text, "each part of an IPv4 address is a number 0..255");
        }
        // A leading zero reads as octal in some tools; refuse it rather than guess.
        if (length > 1 && text.charAt(start) == '0') {
            throw invalid(text, "IPv4 parts must not have leading zeros");
        }
        int octet = Integer.parseInt(text, start, end, 10);
        if (octet > 255) {
            throw invalid(text, "IPv4 part " + octet + " is above 255");
        }
        return octet;
    }

    private static boolean allDigits(String text, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return start < end;
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("invalid switch_id '" + text + "': " + why);
    }
}
