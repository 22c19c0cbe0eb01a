// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import net.inthostreporter.sys.Errno;
import net.inthostreporter.sys.NativeCalls;

/**
 * Downcalls into the system libbpf (libbpf.so.1, written against 1.1).
 *
 * <p>libbpf 1.x reports errors as {@code -errno} from int functions (returned unchanged
 * here) and as NULL plus errno from pointer functions: those are bound with errno capture
 * and the wrappers throw {@link BpfException} naming the function and what it was called on.
 * Only immutable method handles are held.
 */
public final class Libbpf {
    private static final SymbolLookup LIB = SymbolLookup.libraryLookup("libbpf.so.1", Arena.global());

    private static MethodHandle h(String name, FunctionDescriptor fd) {
        return NativeCalls.downcall(LIB, name, fd);
    }

    private static MethodHandle e(String name, FunctionDescriptor fd) {
        return NativeCalls.downcallWithErrno(LIB, name, fd);
    }

    // Each group of handles is a holder class: its downcall stubs are made when the first of
    // them is used (the JVM initialises a class on first access), not all ~40 when any libbpf
    // call is made, and they stay constants that the JIT folds into the call sites.
    /** Handles: objects, programs and their maps (open, configure, load). */
    static final class ObjectCalls {
        static final MethodHandle OBJECT_OPEN_MEM = e("bpf_object__open_mem", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
        static final MethodHandle OBJECT_LOAD = h("bpf_object__load", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle OBJECT_CLOSE = h("bpf_object__close", FunctionDescriptor.ofVoid(ADDRESS));
        static final MethodHandle FIND_PROGRAM = e("bpf_object__find_program_by_name", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        static final MethodHandle PROGRAM_FD = h("bpf_program__fd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle FIND_MAP = e("bpf_object__find_map_by_name", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        static final MethodHandle MAP_FD = h("bpf_map__fd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle MAP_SET_MAX_ENTRIES = h("bpf_map__set_max_entries", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle MAP_INITIAL_VALUE = e("bpf_map__initial_value", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));

        private ObjectCalls() {
        }
    }

    /** Handles: TC through netlink (cls_bpf). */
    static final class TcCalls {
        static final MethodHandle TC_HOOK_CREATE = h("bpf_tc_hook_create", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle TC_ATTACH = h("bpf_tc_attach", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle TC_DETACH = h("bpf_tc_detach", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle TC_QUERY = h("bpf_tc_query", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));

        private TcCalls() {
        }
    }

    /** Handles: TCX links and the queries of what is attached. */
    static final class LinkCalls {
        static final MethodHandle LINK_CREATE = h("bpf_link_create", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
        static final MethodHandle PROG_QUERY_OPTS = h("bpf_prog_query_opts", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));

        private LinkCalls() {
        }
    }

    /** Handles: program information by fd or id. */
    static final class InfoCalls {
        static final MethodHandle OBJ_GET_INFO_BY_FD = h("bpf_obj_get_info_by_fd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle PROG_GET_FD_BY_ID = h("bpf_prog_get_fd_by_id", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

        private InfoCalls() {
        }
    }

    /** Handles: map elements. */
    static final class ElementCalls {
        static final MethodHandle MAP_LOOKUP_ELEM = h("bpf_map_lookup_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle MAP_UPDATE_ELEM = h("bpf_map_update_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
        static final MethodHandle MAP_UPDATE_BATCH = h("bpf_map_update_batch", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        static final MethodHandle MAP_DELETE_ELEM = h("bpf_map_delete_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        static final MethodHandle MAP_GET_NEXT_KEY = h("bpf_map_get_next_key", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

        private ElementCalls() {
        }
    }

    /** Handles: the ring buffer. */
    static final class RingCalls {
        static final MethodHandle RING_BUFFER_NEW = e("ring_buffer__new", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        static final MethodHandle RING_BUFFER_POLL = h("ring_buffer__poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle RING_BUFFER_CONSUME = h("ring_buffer__consume", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle RING_BUFFER_FREE = h("ring_buffer__free", FunctionDescriptor.ofVoid(ADDRESS));

        private RingCalls() {
        }
    }

    /** Handles: BTF. */
    static final class BtfCalls {
        static final MethodHandle BTF_PARSE_ELF = e("btf__parse_elf", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        static final MethodHandle BTF_LOAD_VMLINUX = e("btf__load_vmlinux_btf", FunctionDescriptor.of(ADDRESS));
        static final MethodHandle BTF_FREE = h("btf__free", FunctionDescriptor.ofVoid(ADDRESS));
        static final MethodHandle BTF_TYPE_CNT = h("btf__type_cnt", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle BTF_TYPE_BY_ID = h("btf__type_by_id", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
        static final MethodHandle BTF_NAME_BY_OFFSET = h("btf__name_by_offset", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
        static final MethodHandle BTF_FIND_BY_NAME_KIND = h("btf__find_by_name_kind", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        static final MethodHandle BTF_RESOLVE_SIZE = h("btf__resolve_size", FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_INT));

        private BtfCalls() {
        }
    }

    /** Handles: tracing programs (tp_btf, fentry, ...): libbpf attaches them by their section name. */
    static final class TracingCalls {
        static final MethodHandle PROGRAM_ATTACH = e("bpf_program__attach", FunctionDescriptor.of(ADDRESS, ADDRESS));
        static final MethodHandle LINK_DESTROY = h("bpf_link__destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));

        private TracingCalls() {
        }
    }

    /** Handles: logging. */
    static final class LogCalls {
        static final MethodHandle SET_PRINT = h("libbpf_set_print", FunctionDescriptor.of(ADDRESS, ADDRESS));

        private LogCalls() {
        }
    }

    private Libbpf() {
    }

    /** Throws {@link BpfException} with the captured errno when a pointer-returning call gave NULL. */
    static MemorySegment checkPointer(MemorySegment result, String function, String context) {
        if (result.equals(MemorySegment.NULL)) {
            int errno = NativeCalls.lastErrno();
            throw new BpfException(function, errno == 0 ? Errno.ENOENT : errno, context);
        }
        return result;
    }

    /** Same as {@link NativeCalls#rethrow(Throwable)}, kept short for the many call sites here. */
    static RuntimeException rethrow(Throwable t) {
        return NativeCalls.rethrow(t);
    }

    static MemorySegment errnoState() {
        return NativeCalls.captureSegment();
    }
}
