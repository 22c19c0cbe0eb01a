// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.datapath;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import net.inthostreporter.libbpf.ProgramInfo;
import net.inthostreporter.libbpf.TcFilter;

/**
 * Ingress and egress as cls_bpf direct-action filters at priority 1 (the first to run) with a
 * handle of our own, so they can be told apart from every other filter and removed alone.
 * Legacy filters outlive the process; a filter of ours left by a killed run is recognised by
 * its program name and replaced, never duplicated.
 */
final class TcFilterHook implements InterfaceHook {
    /** "ihr" in ASCII: our filters' handle. */
    static final int HANDLE = 0x696872;
    static final int PRIORITY = 1;
    static final Set<String> OUR_PROGRAMS = Set.of(Datapath.INGRESS_PROGRAM, Datapath.EGRESS_PROGRAM);

    private final int ifindex;
    private final int ingressProgId;
    private final int egressProgId;

    private TcFilterHook(int ifindex, int ingressProgId, int egressProgId) {
        this.ifindex = ifindex;
        this.ingressProgId = ingressProgId;
        this.egressProgId = egressProgId;
    }

    static TcFilterHook attach(int ifindex, int ingressFd, int egressFd) {
        TcFilter.createClsact(ifindex);
        int ingressId = attachOne(ifindex, TcFilter.Point.INGRESS, ingressFd);
        try {
            return new TcFilterHook(ifindex, ingressId, attachOne(ifindex, TcFilter.Point.EGRESS, egressFd));
        } catch (RuntimeException e) {
            detachIfOurs(ifindex, TcFilter.Point.INGRESS, ingressId);
            throw e;
        }
    }

    private static int attachOne(int ifindex, TcFilter.Point point, int progFd) {
        boolean leftBehind = occupant(ifindex, point).map(TcFilterHook::requireOurs).isPresent();
        return TcFilter.attach(ifindex, point, progFd, HANDLE, PRIORITY, leftBehind).progId();
    }

    /** The program at our handle/priority, if any. */
    private static Optional<ProgramInfo> occupant(int ifindex, TcFilter.Point point) {
        OptionalInt id = TcFilter.query(ifindex, point, HANDLE, PRIORITY);
        return id.isPresent() ? ProgramInfo.ofId(id.getAsInt()) : Optional.empty();
    }

    private static ProgramInfo requireOurs(ProgramInfo info) {
        if (!OUR_PROGRAMS.contains(info.name())) {
            throw new IllegalStateException("a foreign filter (program " + info.name() + ", id " + info.id()
                    + ") occupies handle 0x" + Integer.toHexString(HANDLE) + " priority " + PRIORITY
                    + "; not replacing it");
        }
        return info;
    }

    /**
     * Removes filters of ours left on an interface by a run that could not clean up (SIGKILL),
     * e.g. before attaching as TCX instead.
     *
     * @return how many were removed
     */
    static int removeLeftovers(int ifindex) {
        int removed = 0;
        for (TcFilter.Point point : TcFilter.Point.values()) {
            Optional<ProgramInfo> info = occupant(ifindex, point);
            if (info.isPresent() && OUR_PROGRAMS.contains(info.get().name())
                    && TcFilter.detach(ifindex, point, HANDLE, PRIORITY)) {
                removed++;
            }
        }
        return removed;
    }

    private static void detachIfOurs(int ifindex, TcFilter.Point point, int progId) {
        OptionalInt current = TcFilter.query(ifindex, point, HANDLE, PRIORITY);
        if (current.isPresent() && current.getAsInt() == progId) {
            TcFilter.detach(ifindex, point, HANDLE, PRIORITY);
        }
    }

    @Override
    public int ifindex() {
        return ifindex;
    }

    @Override
    public AttachMode mode() {
        return AttachMode.TC;
    }

    @Override
    public boolean isIntact() {
        return TcFilter.query(ifindex, TcFilter.Point.INGRESS, HANDLE, PRIORITY).equals(OptionalInt.of(ingressProgId))
                && TcFilter.query(ifindex, TcFilter.Point.EGRESS, HANDLE, PRIORITY).equals(OptionalInt.of(egressProgId));
    }

    /** Detaches our two filters, and only if they are still ours (not replaced since). */
    @Override
    public void close() {
        detachIfOurs(ifindex, TcFilter.Point.INGRESS, ingressProgId);
        detachIfOurs(ifindex, TcFilter.Point.EGRESS, egressProgId);
    }
}
