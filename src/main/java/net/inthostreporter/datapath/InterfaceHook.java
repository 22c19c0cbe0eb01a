// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.datapath;

/** Our ingress and egress programs attached to one interface. Closing detaches exactly ours. */
public interface InterfaceHook extends AutoCloseable {
    int ifindex();

    /** How it is attached. */
    AttachMode mode();

    /** Whether both programs are still attached as we left them (nobody removed or replaced them). */
    boolean isIntact();

    @Override
    void close();
}
