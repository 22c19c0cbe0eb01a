// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.datapath;

/**
 * Offsets of {@code struct ihr_record} (the value of {@code ihr_records}, defined in ihr.bpf.c),
 * for tests that read what the ingress program stored. EventLayoutTest checks them against BTF.
 */
public final class RecordLayout {
    public static final int SIZE = 72;
    public static final int TS = 0;
    public static final int IFINDEX = 8;
    public static final int FINGERPRINT = 12;
    public static final int WATCH = 16;
    public static final int STATE = 20;
    public static final int EGRESS_IFINDEX = 24;
    public static final int TUPLE = 32;

    private RecordLayout() {
    }
}
