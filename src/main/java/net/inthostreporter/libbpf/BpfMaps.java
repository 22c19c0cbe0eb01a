// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.libbpf;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import net.inthostreporter.sys.Errno;

/**
 * Element access on maps by fd. Keys and values are given as segments of exactly the
 * map's key and value size (the kernel reads and writes that many bytes, unchecked).
 */
public final class BpfMaps {
    /** bpf_map_update_elem flags. */
    public static final long BPF_ANY = 0;
    public static final long BPF_NOEXIST = 1;
    public static final long BPF_EXIST = 2;

    private BpfMaps() {
    }

    /** Reads the value of {@code key} into {@code value}; false when the key is absent (ENOENT). */
    public static boolean lookup(int mapFd, MemorySegment key, MemorySegment value) {
        int rc;
        try {
            rc = (int) Libbpf.ElementCalls.MAP_LOOKUP_ELEM.invokeExact(mapFd, key, value);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
        if (rc == -Errno.ENOENT) {
            return false;
        }
        BpfException.check(rc, "bpf_map_lookup_elem", "map fd " + mapFd);
        return true;
    }

    /** Writes an element; {@code flags} is BPF_ANY, BPF_NOEXIST or BPF_EXIST. */
    public static void update(int mapFd, MemorySegment key, MemorySegment value, long flags) {
        int rc;
        try {
            rc = (int) Libbpf.ElementCalls.MAP_UPDATE_ELEM.invokeExact(mapFd, key, value, flags);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
        BpfException.check(rc, "bpf_map_update_elem", "map fd " + mapFd);
    }

    /**
     * Writes {@code count} elements in one system call (BPF_MAP_UPDATE_BATCH, flags BPF_ANY):
     * {@code keys} and {@code values} hold them back to back. Array and hash maps support it.
     */
    public static void updateBatch(int mapFd, MemorySegment keys, MemorySegment values, int count) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment n = arena.allocateFrom(JAVA_INT, count);
            int rc = (int) Libbpf.ElementCalls.MAP_UPDATE_BATCH.invokeExact(mapFd, keys, values, n, MemorySegment.NULL);
            BpfException.check(rc, "bpf_map_update_batch", "map fd " + mapFd + ", " + count + " elements, "
                    + n.get(JAVA_INT, 0) + " written");
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    /** Deletes an element; false when the key was absent (ENOENT). */
    public static boolean delete(int mapFd, MemorySegment key) {
        int rc;
        try {
            rc = (int) Libbpf.ElementCalls.MAP_DELETE_ELEM.invokeExact(mapFd, key);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
        if (rc == -Errno.ENOENT) {
            return false;
        }
        BpfException.check(rc, "bpf_map_delete_elem", "map fd " + mapFd);
        return true;
    }

    /**
     * Reads a per-CPU element whose value is one u64 (a counter): one number per possible CPU,
     * or an empty array when the key is absent.
     */
    public static long[] lookupPerCpu(int mapFd, MemorySegment key) {
        int cpus = PossibleCpus.count();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment values = perCpuValues(arena, 8, cpus);
            if (!lookup(mapFd, key, values)) {
                return new long[0];
            }
            return values.toArray(JAVA_LONG);
        }
    }

    /** {@link #lookupPerCpu(int, MemorySegment)} for a u32 key. */
    public static long[] lookupPerCpu(int mapFd, int key) {
        try (Arena arena = Arena.ofConfined()) {
            return lookupPerCpu(mapFd, arena.allocateFrom(JAVA_INT, key));
        }
    }

    /**
     * A buffer for a per-CPU value: the kernel copies each CPU's value rounded up to 8 bytes,
     * for every possible CPU.
     */
    public static MemorySegment perCpuValues(Arena arena, int valueSize, int cpus) {
        long stride = (valueSize + 7L) & ~7L;
        return arena.allocate(stride * cpus, 8);
    }

    /** All keys of a map (bpf_map_get_next_key), as byte arrays of {@code keySize}. */
    public static List<byte[]> keys(int mapFd, int keySize) {
        List<byte[]> keys = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment current = MemorySegment.NULL; // NULL asks for the first key
            MemorySegment next = arena.allocate(keySize, 8);
            while (true) {
                int rc;
                try {
                    rc = (int) Libbpf.ElementCalls.MAP_GET_NEXT_KEY.invokeExact(mapFd, current, next);
                } catch (Throwable t) {
                    throw Libbpf.rethrow(t);
                }
                if (rc == -Errno.ENOENT) {
                    return keys;
                }
                BpfException.check(rc, "bpf_map_get_next_key", "map fd " + mapFd);
                keys.add(next.toArray(JAVA_BYTE));
                if (current.equals(MemorySegment.NULL)) {
                    current = arena.allocate(keySize, 8);
                }
                MemorySegment.copy(next, 0, current, 0, keySize);
            }
        }
    }
}
