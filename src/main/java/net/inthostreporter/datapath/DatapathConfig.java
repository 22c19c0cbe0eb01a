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
 */
public record DatapathConfig(int snapLength, int recordCapacity, int ringBufferBytes, Duration recordMaxAge) {
    public static final int DEFAULT_SNAP_LENGTH = 128;
    public static final int DEFAULT_RECORD_CAPACITY = 65_536;
    public static final int DEFAULT_RING_BUFFER_BYTES = 8 << 20;

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
                Duration.ofSeconds(1));
    }

    public DatapathConfig withSnapLength(int length) {
        return new DatapathConfig(length, recordCapacity, ringBufferBytes, recordMaxAge);
    }

    public DatapathConfig withRingBufferBytes(int bytes) {
        return new DatapathConfig(snapLength, recordCapacity, bytes, recordMaxAge);
    }
}
