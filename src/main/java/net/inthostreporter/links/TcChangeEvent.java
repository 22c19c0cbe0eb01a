// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.links;

/**
 * A TC qdisc or filter changed on an interface: someone else (a CNI, an operator) may have
 * added, replaced or removed filters next to ours, so our attachments deserve a check.
 */
public record TcChangeEvent(int ifindex, Change change, int handle, int parent) implements RouteMessage {
    public enum Change { QDISC_ADDED, QDISC_DELETED, FILTER_ADDED, FILTER_DELETED }
}
