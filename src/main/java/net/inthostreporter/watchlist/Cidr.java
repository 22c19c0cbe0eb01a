// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.watchlist;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * An address prefix such as {@code 10.0.0.0/8} or {@code fd00::/64}. Host bits set in the
 * text are cleared (as the previous tool did): {@code 10.1.2.3/8} is {@code 10.0.0.0/8}.
 *
 * @param address      4 or 16 bytes, host bits zero
 * @param prefixLength 0..32 or 0..128
 */
public record Cidr(byte[] address, int prefixLength) {
    /** Only literals: a host name must never turn into a DNS lookup. */
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    public Cidr {
        address = address.clone();
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + address.length);
        }
        if (prefixLength < 0 || prefixLength > address.length * 8) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range");
        }
        clearHostBits(address, prefixLength);
    }

    /** Parses {@code ADDRESS/LENGTH}; a bare address is a host prefix (/32 or /128). */
    public static Cidr parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        if (!LITERAL.matcher(addr).matches() || (addr.indexOf(':') < 0 && addr.chars().filter(c -> c == '.').count() != 3)) {
            throw new IllegalArgumentException("bad CIDR '" + text + "': not an IPv4 or IPv6 address");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad CIDR '" + text + "': not an IPv4 or IPv6 address");
        }
        if (addr.indexOf(':') >= 0 && bytes.length == 4) {
            throw new IllegalArgumentException("bad CIDR '" + text + "': IPv4-mapped IPv6 addresses are not supported");
        }
        int max = bytes.length * 8;
        int length = max;
        if (slash >= 0) {
            String len = t.substring(slash + 1);
            if (!len.matches("[0-9]{1,3}") || Integer.parseInt(len) > max) {
                throw new IllegalArgumentException("bad CIDR '" + text + "': prefix length must be 0.." + max);
            }
            length = Integer.parseInt(len);
        }
        return new Cidr(bytes, length);
    }

    /** 4 or 6. */
    public int ipVersion() {
        return address.length == 4 ? 4 : 6;
    }

    /** Whether an address (4 or 16 bytes) lies in this prefix; other families never do. */
    public boolean contains(byte[] other) {
        if (other.length != address.length) {
            return false;
        }
        for (int bit = 0; bit < prefixLength; bit++) {
            if (bit(other, bit) != bit(address, bit)) {
                return false;
            }
        }
        return true;
    }

    /** Whether this prefix contains every address of {@code inner}. */
    public boolean covers(Cidr inner) {
        return inner.address.length == address.length && inner.prefixLength >= prefixLength && contains(inner.address);
    }

    private static int bit(byte[] b, int i) {
        return (b[i / 8] >> (7 - i % 8)) & 1;
    }

    private static void clearHostBits(byte[] b, int prefixLength) {
        for (int i = prefixLength; i < b.length * 8; i++) {
            b[i / 8] &= (byte) ~(1 << (7 - i % 8));
        }
    }

    @Override
    public byte[] address() {
        return address.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefixLength == prefixLength && Arrays.equals(c.address, address);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(address) * 131 + prefixLength;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(address).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            return HexFormat.of().formatHex(address) + "/" + prefixLength;
        }
    }
}
