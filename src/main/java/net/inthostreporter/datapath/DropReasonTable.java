// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.datapath;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.inthostreporter.libbpf.Btf;
import net.inthostreporter.report.FrameTtl;
import net.inthostreporter.report.KernelDropReasons;

/**
 * The running kernel's drop reasons ({@code enum skb_drop_reason}, read from its BTF at start,
 * since the numbers differ between kernels), their INT codes, and a count of drop events per
 * reason name. {@link #classify} and {@link #count} are on the event path: they look up arrays
 * and increment an atomic counter, nothing more. The counts may be read from any thread.
 */
public final class DropReasonTable {
    private static final Logger LOG = LoggerFactory.getLogger(DropReasonTable.class);
    /** Kernels without the reason argument (before 5.17) send 0; so does an unknown value. */
    static final String UNKNOWN = "UNKNOWN";
    /** What {@link #classify} returns for a reason that is no drop: the event is not reported. */
    public static final int NOT_A_DROP = -1;
    /** Core reasons are small numbers; larger ones carry a subsystem id in their high 16 bits. */
    private static final int MAX_DENSE = 4096;

    private final String[] names;    // by kernel value; index MAX_DENSE-sized at most
    private final int[] intCodes;
    private final boolean[] drops;
    private final int unknownIndex;  // the slot counting values outside the table
    private final AtomicLongArray counts;

    DropReasonTable(Map<String, Long> enumerators) {
        int size = 1;
        for (long value : enumerators.values()) {
            if (value >= 0 && value < MAX_DENSE) {
                size = Math.max(size, (int) value + 1);
            }
        }
        names = new String[size + 1];
        intCodes = new int[size + 1];
        drops = new boolean[size + 1];
        Arrays.fill(names, UNKNOWN);
        Arrays.fill(drops, true);
        enumerators.forEach((enumerator, value) -> {
            if (value >= 0 && value < MAX_DENSE) {
                String name = KernelDropReasons.shortName(enumerator);
                names[value.intValue()] = name;
                intCodes[value.intValue()] = KernelDropReasons.intCode(name);
                drops[value.intValue()] = KernelDropReasons.isDrop(name);
            }
        });
        unknownIndex = size;
        if (size == 1 || !enumerators.containsValue(0L)) {
            names[0] = UNKNOWN; // no enum: kernels before 5.17 pass no reason, the datapath sends 0
        }
        counts = new AtomicLongArray(size + 1);
    }

    /** Reads {@code enum skb_drop_reason} from /sys/kernel/btf/vmlinux. */
    public static DropReasonTable fromKernel() {
        try (Btf vmlinux = Btf.vmlinux()) {
            Map<String, Long> enumerators = vmlinux.enumValues("skb_drop_reason");
            if (enumerators.isEmpty()) {
                LOG.warn("the kernel's BTF has no enum skb_drop_reason: drops are reported with reason 0");
            }
            return new DropReasonTable(enumerators);
        }
    }

    private int index(int kernelValue) {
        return kernelValue >= 0 && kernelValue < unknownIndex ? kernelValue : unknownIndex;
    }

    /**
     * The INT drop-reason code to report for a drop event, or {@link #NOT_A_DROP} for the kernel's
     * reasons that are no drop (a consumed skb). A function of the event alone: it reads the
     * kernel's reason and the frame's TTL, and changes neither the event nor this table.
     */
    public int classify(EventView event) {
        int i = index(event.kernelDropReason());
        if (!drops[i]) {
            return NOT_A_DROP;
        }
        int ttl = FrameTtl.of(event.frameMemory(), event.frameOffset(), event.frameLength());
        return KernelDropReasons.intCode(names[i], ttl >= 0 && ttl <= 1);
    }

    /** Counts a reported drop event under its kernel reason. */
    public void count(EventView event) {
        int kernelValue = event.kernelDropReason();
        int i = index(kernelValue);
        counts.incrementAndGet(i);
        if (LOG.isDebugEnabled()) {
            LOG.debug("drop: kernel reason {} ({}) in=ifindex {}", names[i], kernelValue, event.ingressPort());
        }
    }

    /** The kernel's name of a reason value (without SKB_DROP_REASON_), or UNKNOWN. */
    public String name(int kernelValue) {
        return names[index(kernelValue)];
    }

    /** Drop events per reason name, reasons seen at least once. */
    public Map<String, Long> counts() {
        Map<String, Long> result = new LinkedHashMap<>();
        for (int i = 0; i < counts.length(); i++) {
            long n = counts.get(i);
            if (n > 0) {
                result.merge(names[i], n, Long::sum);
            }
        }
        return result;
    }
}
