// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.model;

/** One hop of a path: the switch (or node) and the ports the packet came in and went out by. */
public record HopKey(long switchId, int ingressPort, int egressPort) {
}
