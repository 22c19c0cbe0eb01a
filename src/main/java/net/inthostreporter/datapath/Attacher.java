// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.datapath;

import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.inthostreporter.libbpf.BpfException;
import net.inthostreporter.sys.Errno;

/**
 * Attaches the loaded programs to interfaces in the configured mode. In AUTO mode the first
 * attachment decides: TCX if the kernel accepts a TCX link, cls_bpf filters otherwise.
 * Filters of ours left behind by a killed run are removed (TCX) or replaced (TC) on attach.
 */
public final class Attacher {
    private static final Logger LOG = LoggerFactory.getLogger(Attacher.class);
    /** What bpf_link_create answers on a kernel without TCX. */
    private static final Set<Integer> NO_TCX = Set.of(Errno.EINVAL, Errno.EOPNOTSUPP, Errno.ENOSYS);

    private final Datapath datapath;
    private volatile AttachMode mode;

    public Attacher(Datapath datapath, AttachMode mode) {
        this.datapath = datapath;
        this.mode = mode;
    }

    /** The mode in use: AUTO until the first attachment resolved it. */
    public AttachMode mode() {
        return mode;
    }

    /** Attaches ingress and egress on an interface of the calling thread's namespace. */
    public InterfaceHook attach(int ifindex) {
        return switch (mode) {
            case TC -> TcFilterHook.attach(ifindex, datapath.ingressProgramFd(), datapath.egressProgramFd());
            case TCX -> attachTcx(ifindex);
            case AUTO -> attachAuto(ifindex);
        };
    }

    /**
     * Hooks the pod's end of a pod veth too (peer redirects arrive there without passing the
     * host-side egress); empty when the far end is in no namespace the agent can see.
     */
    public Optional<PodSideHook> attachPodSide(int hostIfindex) {
        return PodSideHook.attach(datapath, hostIfindex);
    }

    private InterfaceHook attachTcx(int ifindex) {
        int removed = TcFilterHook.removeLeftovers(ifindex);
        if (removed > 0) {
            LOG.info("removed {} filter(s) of ours left on ifindex {} by an earlier run", removed, ifindex);
        }
        return TcxHook.attach(ifindex, datapath.ingressProgramFd(), datapath.egressProgramFd());
    }

    private synchronized InterfaceHook attachAuto(int ifindex) {
        if (mode != AttachMode.AUTO) {
            return attach(ifindex);
        }
        try {
            InterfaceHook hook = attachTcx(ifindex);
            mode = AttachMode.TCX;
            LOG.info("attaching as TCX links");
            return hook;
        } catch (BpfException e) {
            if (!NO_TCX.contains(e.errno())) {
                throw e;
            }
            mode = AttachMode.TC;
            LOG.info("the kernel has no TCX ({}); attaching as cls_bpf filters", e.getMessage());
            return attach(ifindex);
        }
    }
}
