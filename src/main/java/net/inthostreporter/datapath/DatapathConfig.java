// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.datapath;

import java.time.Duration;

/**
 * What the loader sets before load.
 *
 * @param snapLength       bytes of each packet copied into an event (1..512)
 * @param recordCapacity   ingress records in flight (LRU: the oldest are reclaimed when full)
 * @param ringBufferBytes  size of the event ring buffer (a power of two, multiple of the page size)
 * @param recordMaxAge     ingress records older than this are not paired with an egress
 * @param changes          when a forwarded packet is reported (see {@link ChangeFilter})
 */
public record DatapathConfig(int snapLength, int recordCapacity, int ringBufferBytes, Duration recordMaxAge,
                             ChangeFilter changes) {
    /**
     * Report on change: a flow is reported at its first packet, when its interface pair changes,
     * when its hop latency rises to a higher log-scale bucket ([q, 2q), [2q, 4q) ... for quantum q),
     * and at least once per interval while it sends; every packet with {@code everyPacket}.
     *
     * @param flowCapacity flows whose state is kept (LRU; an evicted flow is reported again)
     */
    public record ChangeFilter(boolean everyPacket, Duration interval, Duration latencyQuantum, int flowCapacity) {
        public static final ChangeFilter DEFAULT = new ChangeFilter(false, Duration.ofSeconds(1), Duration.ofNanos(10_000), 65_536);

        public ChangeFilter {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("report interval must be positive, got " + interval);
            }
            if (latencyQuantum.isNegative() || latencyQuantum.isZero()) {
                throw new IllegalArgumentException("latency quantum must be positive, got " + latencyQuantum);
            }
            if (flowCapacity < 1024) {
                throw new IllegalArgumentException("flow capacity must be at least 1024, got " + flowCapacity);
            }
        }
    }

    public static final int DEFAULT_SNAP_LENGTH = 128;
    public static final int DEFAULT_RECORD_CAPACITY = 65_536;
    public static final int DEFAULT_RING_BUFFER_BYTES = 4 << 20;
    /**
     * Long enough for a packet that waits in the host for neighbour resolution (ARP/ND retry
     * after 1 s, up to 3 tries) to be reported with that wait as its hop latency; the packet's
     * fingerprint, not its age, is what keeps reused skb addresses from pairing.
     */
    public static final Duration DEFAULT_RECORD_MAX_AGE = Duration.ofSeconds(5);

    public DatapathConfig {
        if (snapLength < 1 || snapLength > EventLayout.SNAP_MAX) {
            throw new IllegalArgumentException("snap length must be 1.." + EventLayout.SNAP_MAX + ", got " + snapLength);
        }
        if (recordCapacity < 1024) {
            throw new IllegalArgumentException("record capacity must be at least 1024, got " + recordCapacity);
        }
        if (ringBufferBytes < 4096 || Integer.bitCount(ringBufferBytes) != 1) {
            throw new IllegalArgumentException("ring buffer size must be a power of two of at least 4096 bytes, got "
                    + ringBufferBytes);
        }
        if (recordMaxAge.isNegative() || recordMaxAge.isZero()) {
            throw new IllegalArgumentException("record max age must be positive, got " + recordMaxAge);
        }
    }

    public static DatapathConfig defaults() {
        return new DatapathConfig(DEFAULT_SNAP_LENGTH, DEFAULT_RECORD_CAPACITY, DEFAULT_RING_BUFFER_BYTES,
                DEFAULT_RECORD_MAX_AGE, ChangeFilter.DEFAULT);
    }

    public DatapathConfig withSnapLength(int length) {
        return new DatapathConfig(length, recordCapacity, ringBufferBytes, recordMaxAge, changes);
    }

    public DatapathConfig withChanges(ChangeFilter filter) {
        return new DatapathConfig(snapLength, recordCapacity, ringBufferBytes, recordMaxAge, filter);
    }

    public DatapathConfig withRingBufferBytes(int bytes) {
        return new DatapathConfig(snapLength, recordCapacity, bytes, recordMaxAge, changes);
    }
}
