// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.reliability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import net.inthostreporter.testkit.FrameBuilder;

/**
 * A seeded, endless supply of valid, truncated and damaged Ethernet frames for the datapath
 * programs: well-formed templates (IPv4/IPv6, extension chains, VLAN/QinQ, VXLAN, fragments,
 * ARP) and, from each, variants cut at or next to every header boundary, with bytes of the
 * headers rewritten (bad IHL, wrong version, random EtherTypes), with garbage behind a valid
 * prefix, padded toward the test-run maximum, or entirely random. Each call returns a fresh
 * array, so a failing frame can be reported as it was.
 */
final class MalformedFrames {
    /** The largest frame a BPF_PROG_TEST_RUN skb holds on this kernel (see DatapathProgramsTest). */
    static final int TEST_RUN_MAX_FRAME = 3712;

    private static final int ICMP = 1;
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int ICMPV6 = 58;
    private static final int[] ETHER_TYPES = {0x0800, 0x86dd, 0x8100, 0x88a8, 0x0806, 0x88b5, 0x0000, 0xffff};

    private record Template(String name, byte[] frame, int[] boundaries) {
    }

    private final List<Template> templates;
    private final Random random;

    MalformedFrames(long seed) {
        this.random = new Random(seed);
        this.templates = templates();
    }

    /** A generated frame and how it was made (template and mutation), for failure messages. */
    record Frame(String origin, byte[] bytes) {
    }

    Frame next() {
        Template t = templates.get(random.nextInt(templates.size()));
        byte[] f = t.frame();
        return switch (random.nextInt(8)) {
            case 0 -> new Frame(t.name(), f.clone());
            case 1 -> {
                int boundary = t.boundaries()[random.nextInt(t.boundaries().length)] - random.nextInt(2);
                yield new Frame(t.name() + " cut at " + boundary, Arrays.copyOf(f, Math.max(1, boundary)));
            }
            case 2 -> {
                int length = 14 + random.nextInt(f.length - 13);
                yield new Frame(t.name() + " cut at " + length, Arrays.copyOf(f, length));
            }
            case 3 -> {
                byte[] copy = f.clone();
                int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    copy[random.nextInt(Math.min(copy.length, 120))] = (byte) random.nextInt(256);
                }
                yield new Frame(t.name() + " with " + flips + " header byte(s) rewritten", copy);
            }
            case 4 -> {
                // A header starts at each boundary: give it a version/IHL byte, often a wrong one.
                byte[] copy = f.clone();
                int at = t.boundaries()[random.nextInt(t.boundaries().length)];
                if (at < copy.length) {
                    copy[at] = (byte) ((random.nextBoolean() ? 0x40 : 0x60) | random.nextInt(16));
                }
                yield new Frame(t.name() + " version/IHL byte at " + at + " rewritten", copy);
            }
            case 5 -> {
                int keep = t.boundaries()[random.nextInt(t.boundaries().length)];
                byte[] copy = Arrays.copyOf(f, Math.min(TEST_RUN_MAX_FRAME, keep + random.nextInt(400)));
                fillRandom(copy, Math.min(keep, copy.length));
                yield new Frame(t.name() + " garbage after " + keep, copy);
            }
            case 6 -> {
                byte[] copy = Arrays.copyOf(f, f.length + random.nextInt(TEST_RUN_MAX_FRAME - f.length + 1));
                yield new Frame(t.name() + " padded to " + copy.length, copy);
            }
            default -> {
                byte[] copy = new byte[random.nextInt(700)];
                fillRandom(copy, 0);
                if (copy.length >= 14 && random.nextBoolean()) {
                    int etherType = ETHER_TYPES[random.nextInt(ETHER_TYPES.length)];
                    copy[12] = (byte) (etherType >>> 8);
                    copy[13] = (byte) etherType;
                }
                yield new Frame("random " + copy.length + " bytes", copy);
            }
        };
    }

    private void fillRandom(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
    }

    private static Template template(String name, FrameBuilder builder) {
        return new Template(name, builder.build(), builder.boundaries().stream().mapToInt(Integer::intValue).toArray());
    }

    private static byte[] garbage(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static List<Template> templates() {
        String a4 = "10.1.2.3";
        String b4 = "192.168.100.200";
        String a6 = "2001:db8::1";
        String b6 = "fd00:1:2:3::abcd";
        byte[] options = {(byte) 0x94, 0x04, 0x00, 0x00, 0x01, 0x01, 0x01, 0x00};
        List<Template> list = new ArrayList<>();
        list.add(template("IPv4 UDP", new FrameBuilder().ethernet(0x0800).ipv4(UDP, a4, b4).udp(40000, 53).payload(12)));
        list.add(template("IPv4 TCP", new FrameBuilder().ethernet(0x0800).ipv4(TCP, a4, b4).tcp(1234, 80).payload(40)));
        list.add(template("IPv4 ICMP", new FrameBuilder().ethernet(0x0800).ipv4(ICMP, a4, b4).icmpEcho(8).payload(56)));
        list.add(template("IPv4 options UDP", new FrameBuilder().ethernet(0x0800).ipv4(UDP, a4, b4, 0, options)
                .udp(5000, 6000).payload(4)));
        list.add(template("IPv4 first fragment", new FrameBuilder().ethernet(0x0800).ipv4(UDP, a4, b4, 0x2000, new byte[0])
                .udp(5000, 6000).payload(1472)));
        list.add(template("IPv4 tiny last fragment", new FrameBuilder().ethernet(0x0800)
                .ipv4(UDP, a4, b4, 185, new byte[0]).payload(1)));
        list.add(template("IPv4 middle fragment", new FrameBuilder().ethernet(0x0800)
                .ipv4(TCP, a4, b4, 0x2000 | 370, new byte[0]).payload(garbage(64, 1))));
        list.add(template("IPv6 UDP", new FrameBuilder().ethernet(0x86dd).ipv6(UDP, a6, b6).udp(546, 547).payload(10)));
        list.add(template("IPv6 HBH+DST TCP", new FrameBuilder().ethernet(0x86dd).ipv6(0, a6, b6).ipv6Options(60)
                .ipv6Options(TCP).tcp(443, 51000).payload(8)));
        list.add(template("IPv6 routing+fragment UDP", new FrameBuilder().ethernet(0x86dd).ipv6(43, a6, b6)
                .ipv6Options(44).ipv6Fragment(UDP, 0, true).udp(1, 2).payload(100)));
        list.add(template("IPv6 tiny last fragment", new FrameBuilder().ethernet(0x86dd).ipv6(44, a6, b6)
                .ipv6Fragment(UDP, 181, false).payload(1)));
        list.add(template("IPv6 eight extension headers", new FrameBuilder().ethernet(0x86dd).ipv6(60, a6, b6)
                .ipv6Options(60).ipv6Options(60).ipv6Options(60).ipv6Options(60).ipv6Options(60).ipv6Options(60)
                .ipv6Options(60).ipv6Options(UDP).udp(1, 2)));
        list.add(template("IPv6 extension header loop to itself", new FrameBuilder().ethernet(0x86dd).ipv6(0, a6, b6)
                .ipv6Options(0).ipv6Options(0).ipv6Options(0)));
        list.add(template("IPv6 ICMPv6", new FrameBuilder().ethernet(0x86dd).ipv6(ICMPV6, a6, b6).icmpEcho(128).payload(8)));
        list.add(template("802.1Q IPv4 UDP", new FrameBuilder().ethernet(0x8100).vlanTag(100, 0x0800)
                .ipv4(UDP, a4, b4).udp(1111, 2222).payload(20)));
        list.add(template("QinQ IPv6 TCP", new FrameBuilder().ethernet(0x88a8).vlanTag(10, 0x8100).vlanTag(20, 0x86dd)
                .ipv6(TCP, a6, b6).tcp(22, 60000)));
        list.add(template("three VLAN tags", new FrameBuilder().ethernet(0x88a8).vlanTag(1, 0x8100).vlanTag(2, 0x8100)
                .vlanTag(3, 0x0800).ipv4(UDP, a4, b4).udp(1, 2)));
        list.add(template("VXLAN inner IPv4 TCP", new FrameBuilder().ethernet(0x0800).ipv4(UDP, "172.16.0.1", "172.16.0.2")
                .udp(51234, 4789).vxlan(42).ethernet(0x0800).ipv4(TCP, "10.244.1.5", "10.244.2.7").tcp(33000, 8080).payload(16)));
        list.add(template("VXLAN 8472 inner IPv6 UDP", new FrameBuilder().ethernet(0x0800)
                .ipv4(UDP, "172.16.0.1", "172.16.0.2").udp(40000, 8472).vxlan(1).ethernet(0x86dd).ipv6(UDP, a6, b6).udp(7, 9)));
        list.add(template("VXLAN with garbage inside", new FrameBuilder().ethernet(0x0800).ipv4(UDP, "172.16.0.1", "172.16.0.2")
                .udp(40000, 4789).vxlan(7).payload(garbage(120, 3))));
        list.add(template("VXLAN inner VLAN", new FrameBuilder().ethernet(0x0800).ipv4(UDP, "172.16.0.1", "172.16.0.2")
                .udp(40000, 4789).vxlan(7).ethernet(0x8100).vlanTag(5, 0x0800).ipv4(UDP, a4, b4).udp(3, 4)));
        list.add(template("VXLAN in VXLAN", new FrameBuilder().ethernet(0x0800).ipv4(UDP, "172.16.0.1", "172.16.0.2")
                .udp(40000, 4789).vxlan(7).ethernet(0x0800).ipv4(UDP, "172.17.0.1", "172.17.0.2").udp(40001, 4789)
                .vxlan(8).ethernet(0x0800).ipv4(TCP, a4, b4).tcp(5, 6)));
        list.add(template("ARP request", new FrameBuilder().ethernet(0x0806).arpRequest(a4, b4)));
        list.add(template("unknown EtherType", new FrameBuilder().ethernet(0x88b5).payload(30)));
        list.add(template("IPv4 UDP, largest test-run frame", new FrameBuilder().ethernet(0x0800).ipv4(UDP, a4, b4)
                .udp(1, 2).payload(TEST_RUN_MAX_FRAME - 14 - 20 - 8)));
        return List.copyOf(list);
    }
}
