// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import net.inthostreporter.sys.Libc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes libbpf's messages (verifier logs, attach errors, debug chatter) to SLF4J under the
 * logger name {@code libbpf}: WARN to warn, INFO to info, DEBUG to debug.
 *
 * <p>libbpf has one print callback per process, so {@link #install()} is process-wide and
 * idempotent; the upcall stub lives in the global arena because libbpf keeps its address
 * forever. The callback formats with vsnprintf into a per-thread buffer and never throws
 * (an exception escaping an upcall would end the JVM).
 */
public final class LibbpfLogBridge {
    private static final Logger LOG = LoggerFactory.getLogger("libbpf");
    private static final int LIBBPF_WARN = 0;
    private static final int LIBBPF_INFO = 1;
    private static final int BUFFER_SIZE = 4096;
    private static final java.util.List<String> EXPECTED_WARNINGS = java.util.List.of(
            "Exclusivity flag on, cannot modify", "Parent Qdisc doesn't exists", "Cannot find specified filter chain", "Filter with specified priority/protocol not found");
    /**
     * sizeof(__va_list_tag) on x86-64 SysV. Copying it is what va_copy does there, which lets
     * a message longer than the buffer be formatted a second time.
     */
    private static final long VA_LIST_SIZE = 24;

    private static final ThreadLocal<MemorySegment> BUFFER =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(BUFFER_SIZE + VA_LIST_SIZE, 16));

    private static final MemorySegment CALLBACK;

    static {
        try {
            MethodHandle print = MethodHandles.lookup().findStatic(LibbpfLogBridge.class, "print",
                    MethodType.methodType(int.class, int.class, MemorySegment.class, MemorySegment.class));
            CALLBACK = NativeUpcall.stub(print, FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private LibbpfLogBridge() {
    }

    /** Makes libbpf print through SLF4J from now on (replacing its default stderr printer). */
    public static void install() {
        try {
            MemorySegment previous = (MemorySegment) Libbpf.LogCalls.SET_PRINT.invokeExact(CALLBACK);
            assert previous != null;
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    // Called by libbpf: int print(enum libbpf_print_level level, const char *fmt, va_list args).
    private static int print(int level, MemorySegment format, MemorySegment args) {
        try {
            boolean enabled = switch (level) {
                case LIBBPF_WARN -> LOG.isWarnEnabled();
                case LIBBPF_INFO -> LOG.isInfoEnabled();
                default -> LOG.isDebugEnabled();
            };
            if (!enabled) {
                return 0; // skip formatting the (many) debug lines nobody reads
            }
            String message = format(format, args);
            switch (level) {
                case LIBBPF_WARN -> {
                    if (isExpected(message)) {
                        LOG.debug(message);
                    } else {
                        LOG.warn(message);
                    }
                }
                case LIBBPF_INFO -> LOG.info(message);
                default -> LOG.debug(message);
            }
        } catch (Throwable ignored) {
            // Nothing may escape an upcall; a lost log line is the lesser harm.
        }
        return 0;
    }

    private static String format(MemorySegment format, MemorySegment args) {
        MemorySegment scratch = BUFFER.get();
        MemorySegment buffer = scratch.asSlice(0, BUFFER_SIZE);
        MemorySegment vaCopy = scratch.asSlice(BUFFER_SIZE, VA_LIST_SIZE);
        MemorySegment original = args.reinterpret(VA_LIST_SIZE);
        vaCopy.copyFrom(original);
        int needed = Libc.vsnprintf(buffer, format, vaCopy);
        if (needed < 0) {
            return "(unformattable libbpf message: " + format.reinterpret(Long.MAX_VALUE).getString(0).strip() + ")";
        }
        String text;
        if (needed < BUFFER_SIZE) {
            text = buffer.getString(0);
        } else {
            // Verifier logs can be long: format again from a fresh copy of the untouched list.
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment big = arena.allocate(needed + 1L);
                vaCopy.copyFrom(original);
                Libc.vsnprintf(big, format, vaCopy);
                text = big.getString(0);
            }
        }
        return stripPrefix(stripTrailingNewlines(text));
    }

    /** libbpf starts its own lines with "libbpf: ", which the logger name already says. */
    private static String stripPrefix(String text) {
        return text.startsWith("libbpf: ") ? text.substring("libbpf: ".length()) : text;
    }

    /**
     * libbpf passes on the kernel's messages for conditions we expect and handle (a clsact
     * qdisc that already exists, no filter where we looked), as warnings.
     */
    static boolean isExpected(String message) {
        for (String benign : EXPECTED_WARNINGS) {
            if (message.contains(benign)) {
                return true;
            }
        }
        return false;
    }

    static String stripTrailingNewlines(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }
}
