// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A BPF ELF object opened by libbpf: configure between {@link #openMemory} and {@link #load()},
 * then use program and map fds. {@link #close()} unloads everything the object owns (its
 * programs, maps and their fds); links or TC filters made from its programs keep the
 * programs alive in the kernel on their own.
 *
 * <p>Not thread-safe: configure and load from one thread.
 */
public final class BpfObject implements AutoCloseable {
    /** sizeof(struct bpf_object_open_opts) in libbpf 1.1. */
    private static final long OPEN_OPTS_SIZE = 80;
    private static final long OPEN_OPTS_OBJECT_NAME = 8;

    private final String name;
    private MemorySegment object;
    /**
     * Owns the views returned by {@link #initialValue}: libbpf makes .rodata read-only
     * (mprotect) at load, so a write through a stale view would crash the JVM; closing this
     * arena at load turns such a write into an IllegalStateException.
     */
    private final Arena beforeLoad = Arena.ofShared();
    private boolean loaded;

    private BpfObject(String name, MemorySegment object) {
        this.name = name;
        this.object = object;
    }

    /**
     * Opens an object from an ELF image (bpf_object__open_mem). libbpf copies what it needs,
     * so {@code elf} is not referenced after this returns.
     *
     * @param name object name, used by libbpf in map names ({@code name.rodata}) and in log lines
     */
    public static BpfObject openMemory(String name, byte[] elf) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(elf.length, 8);
            MemorySegment.copy(elf, 0, buffer, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, elf.length);
            MemorySegment opts = arena.allocate(OPEN_OPTS_SIZE, 8);
            opts.set(JAVA_LONG, 0, OPEN_OPTS_SIZE);
            opts.set(ADDRESS, OPEN_OPTS_OBJECT_NAME, arena.allocateFrom(name));
            MemorySegment object = (MemorySegment) Libbpf.ObjectCalls.OBJECT_OPEN_MEM.invokeExact(
                    Libbpf.errnoState(), buffer, (long) elf.length, opts);
            Libbpf.checkPointer(object, "bpf_object__open_mem", "object " + name + ", " + elf.length + " bytes");
            return new BpfObject(name, object);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    public String name() {
        return name;
    }

    /** Sets a map's capacity; only before {@link #load()}. */
    public void setMaxEntries(String map, int maxEntries) {
        requireOpen(false, "setMaxEntries");
        MemorySegment m = map(map);
        try {
            int rc = (int) Libbpf.ObjectCalls.MAP_SET_MAX_ENTRIES.invokeExact(m, maxEntries);
            BpfException.check(rc, "bpf_map__set_max_entries", "map " + map + " of " + name + ", " + maxEntries);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    /**
     * The initial contents of a global-data map ({@code .rodata}, {@code .data}, {@code .bss}),
     * writable until {@link #load()}: this is how {@code const volatile} settings are given to a
     * program. The segment becomes inaccessible at load.
     */
    public MemorySegment initialValue(String map) {
        requireOpen(false, "initialValue");
        MemorySegment m = map(map);
        try {
            MemorySegment size = beforeLoad.allocate(JAVA_LONG);
            MemorySegment data = (MemorySegment) Libbpf.ObjectCalls.MAP_INITIAL_VALUE.invokeExact(Libbpf.errnoState(), m, size);
            Libbpf.checkPointer(data, "bpf_map__initial_value", "map " + map + " of " + name);
            return data.reinterpret(size.get(JAVA_LONG, 0), beforeLoad, null);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    /** Creates the maps and loads the programs into the kernel (verifier output goes to libbpf's log). */
    public void load() {
        requireOpen(false, "load");
        loaded = true;
        beforeLoad.close();
        try {
            int rc = (int) Libbpf.ObjectCalls.OBJECT_LOAD.invokeExact(object);
            BpfException.check(rc, "bpf_object__load", "object " + name);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    /** The fd of a loaded program, owned by this object. */
    public int programFd(String program) {
        requireOpen(true, "programFd");
        try {
            int fd = (int) Libbpf.ObjectCalls.PROGRAM_FD.invokeExact(program(program));
            return BpfException.check(fd, "bpf_program__fd", "program " + program + " in " + name);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    /** libbpf's struct bpf_program of a loaded program (valid while this object is open). */
    MemorySegment program(String program) {
        requireOpen(true, "program");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = (MemorySegment) Libbpf.ObjectCalls.FIND_PROGRAM.invokeExact(Libbpf.errnoState(), object,
                    arena.allocateFrom(program));
            return Libbpf.checkPointer(p, "bpf_object__find_program_by_name", "program " + program + " in " + name);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    /** The fd of a created map, owned by this object. */
    public int mapFd(String map) {
        requireOpen(true, "mapFd");
        MemorySegment m = map(map);
        try {
            int fd = (int) Libbpf.ObjectCalls.MAP_FD.invokeExact(m);
            return BpfException.check(fd, "bpf_map__fd", "map " + map + " in " + name);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    private MemorySegment map(String map) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = (MemorySegment) Libbpf.ObjectCalls.FIND_MAP.invokeExact(Libbpf.errnoState(), object,
                    arena.allocateFrom(map));
            return Libbpf.checkPointer(m, "bpf_object__find_map_by_name", "map " + map + " in " + name);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    private void requireOpen(boolean mustBeLoaded, String what) {
        if (object == null) {
            throw new IllegalStateException(what + ": BPF object " + name + " is closed");
        }
        if (loaded != mustBeLoaded) {
            throw new IllegalStateException(what + ": BPF object " + name + (loaded ? " is already loaded" : " is not loaded yet"));
        }
    }

    @Override
    public void close() {
        if (object == null) {
            return;
        }
        if (beforeLoad.scope().isAlive()) {
            beforeLoad.close();
        }
        try {
            Libbpf.ObjectCalls.OBJECT_CLOSE.invokeExact(object);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        } finally {
            object = null;
        }
    }
}
