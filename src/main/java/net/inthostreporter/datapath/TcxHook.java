// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.datapath;

import net.inthostreporter.libbpf.TcxLink;

/**
 * Ingress and egress as TCX links placed before every other program of the interface, so a
 * CNI's program (which ends the chain with its verdict) runs after ours and still sees every
 * packet. The links live as long as their fds: a killed agent leaves nothing attached.
 */
final class TcxHook implements InterfaceHook {
    private final int ifindex;
    private final TcxLink ingress;
    private final TcxLink egress;

    private TcxHook(int ifindex, TcxLink ingress, TcxLink egress) {
        this.ifindex = ifindex;
        this.ingress = ingress;
        this.egress = egress;
    }

    static TcxHook attach(int ifindex, int ingressFd, int egressFd) {
        TcxLink ingress = TcxLink.attachFirst(ifindex, TcxLink.Direction.INGRESS, ingressFd);
        try {
            return new TcxHook(ifindex, ingress, TcxLink.attachFirst(ifindex, TcxLink.Direction.EGRESS, egressFd));
        } catch (RuntimeException e) {
            ingress.close();
            throw e;
        }
    }

    @Override
    public int ifindex() {
        return ifindex;
    }

    @Override
    public AttachMode mode() {
        return AttachMode.TCX;
    }

    @Override
    public boolean isIntact() {
        return ingress.isAttached() && egress.isAttached();
    }

    @Override
    public void close() {
        ingress.close();
        egress.close();
    }
}
