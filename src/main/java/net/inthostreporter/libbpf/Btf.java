// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.libbpf;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.inthostreporter.sys.NativeCalls;

/**
 * BPF Type Format data, of a compiled object or of the running kernel, read through libbpf:
 * used to check that Java mirrors of C structs match what was compiled, and to read kernel
 * enums such as {@code enum skb_drop_reason}, whose values change between kernels.
 *
 * <p>Types are read straight from libbpf's memory: {@code struct btf_type {u32 name_off;
 * u32 info; u32 size_or_type;}} followed by the members or enumerators.
 */
public final class Btf implements AutoCloseable {
    private static final int KIND_STRUCT = 4;
    private static final int KIND_ENUM = 6;
    private static final int KIND_ENUM64 = 19;
    private static final long TYPE_HEADER = 12;

    private final String source;
    private MemorySegment btf;

    private Btf(String source, MemorySegment btf) {
        this.source = source;
        this.btf = btf;
    }

    /** Reads the .BTF section of an ELF file (btf__parse_elf). */
    public static Btf parseElf(Path elf) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment b = (MemorySegment) Libbpf.BtfCalls.BTF_PARSE_ELF.invokeExact(Libbpf.errnoState(),
                    arena.allocateFrom(elf.toString()), MemorySegment.NULL);
            return new Btf(elf.toString(), Libbpf.checkPointer(b, "btf__parse_elf", elf.toString()));
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    /** Reads the .BTF section of an ELF image held in memory (e.g. a jar resource). */
    public static Btf parseElfBytes(byte[] elf) {
        // libbpf 1.1 parses ELF only from a file; btf__new would need the raw section.
        Path tmp = null;
        try {
            tmp = Files.createTempFile("ihr-btf-", ".o");
            Files.write(tmp, elf);
            return parseElf(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a temporary file for BTF parsing", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }

    /** The running kernel's BTF (/sys/kernel/btf/vmlinux, via btf__load_vmlinux_btf). */
    public static Btf vmlinux() {
        try {
            MemorySegment b = (MemorySegment) Libbpf.BtfCalls.BTF_LOAD_VMLINUX.invokeExact(Libbpf.errnoState());
            return new Btf("vmlinux", Libbpf.checkPointer(b, "btf__load_vmlinux_btf", "kernel BTF"));
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    /** The struct with this name, or empty. */
    public Optional<BtfStruct> struct(String name) {
        int id = findByNameKind(name, KIND_STRUCT);
        if (id < 0) {
            return Optional.empty();
        }
        MemorySegment type = typeById(id);
        int info = type.get(JAVA_INT, 4);
        int vlen = info & 0xffff;
        boolean kflag = (info >>> 31) != 0;
        long size = Integer.toUnsignedLong(type.get(JAVA_INT, 8));
        MemorySegment members = type.reinterpret(TYPE_HEADER + 12L * vlen);
        List<BtfStruct.Member> result = new ArrayList<>(vlen);
        for (int i = 0; i < vlen; i++) {
            long base = TYPE_HEADER + 12L * i;
            String memberName = name(members.get(JAVA_INT, base));
            int memberType = members.get(JAVA_INT, base + 4);
            int offset = members.get(JAVA_INT, base + 8);
            // With kflag the offset packs the bitfield size in its top 8 bits.
            long bitOffset = kflag ? offset & 0xffffff : Integer.toUnsignedLong(offset);
            int bitfieldSize = kflag ? offset >>> 24 : 0;
            result.add(new BtfStruct.Member(memberName, bitOffset, resolveSize(memberType), bitfieldSize));
        }
        return Optional.of(new BtfStruct(name, size, result));
    }

    /** The enumerators of an enum (32 or 64 bit) in declaration order; empty when there is no such enum. */
    public Map<String, Long> enumValues(String enumName) {
        int id = findByNameKind(enumName, KIND_ENUM);
        boolean wide = false;
        if (id < 0) {
            id = findByNameKind(enumName, KIND_ENUM64);
            wide = true;
        }
        if (id < 0) {
            return Map.of();
        }
        MemorySegment type = typeById(id);
        int info = type.get(JAVA_INT, 4);
        int vlen = info & 0xffff;
        boolean signed = (info >>> 31) != 0;
        long entrySize = wide ? 12 : 8;
        MemorySegment entries = type.reinterpret(TYPE_HEADER + entrySize * vlen);
        Map<String, Long> values = new LinkedHashMap<>();
        for (int i = 0; i < vlen; i++) {
            long base = TYPE_HEADER + entrySize * i;
            String name = name(entries.get(JAVA_INT, base));
            int lo = entries.get(JAVA_INT, base + 4);
            long value;
            if (wide) {
                value = ((long) entries.get(JAVA_INT, base + 8) << 32) | Integer.toUnsignedLong(lo);
            } else {
                value = signed ? lo : Integer.toUnsignedLong(lo);
            }
            values.put(name, value);
        }
        return Collections.unmodifiableMap(values);
    }

    private int findByNameKind(String name, int kind) {
        requireOpen();
        try (Arena arena = Arena.ofConfined()) {
            return (int) Libbpf.BtfCalls.BTF_FIND_BY_NAME_KIND.invokeExact(btf, arena.allocateFrom(name), kind);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    private MemorySegment typeById(int id) {
        try {
            MemorySegment t = (MemorySegment) Libbpf.BtfCalls.BTF_TYPE_BY_ID.invokeExact(btf, id);
            if (t.equals(MemorySegment.NULL)) {
                throw new BpfException("btf__type_by_id", net.inthostreporter.sys.Errno.EINVAL, source + ", type " + id);
            }
            return t.reinterpret(TYPE_HEADER);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    private String name(int offset) {
        try {
            String s = NativeCalls.string((MemorySegment) Libbpf.BtfCalls.BTF_NAME_BY_OFFSET.invokeExact(btf, offset));
            return s == null ? "" : s;
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    private long resolveSize(int typeId) {
        try {
            long size = (long) Libbpf.BtfCalls.BTF_RESOLVE_SIZE.invokeExact(btf, typeId);
            return size < 0 ? -1 : size;
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    private void requireOpen() {
        if (btf == null) {
            throw new IllegalStateException("BTF of " + source + " is closed");
        }
    }

    @Override
    public void close() {
        if (btf == null) {
            return;
        }
        try {
            Libbpf.BtfCalls.BTF_FREE.invokeExact(btf);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        } finally {
            btf = null;
        }
    }
}
