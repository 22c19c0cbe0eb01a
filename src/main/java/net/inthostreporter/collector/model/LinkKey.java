// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.model;

/** A link between two switches: packets leaving {@code fromSwitch} by {@code egressPort} next enter {@code toSwitch} by {@code ingressPort}. */
public record LinkKey(long fromSwitch, int egressPort, long toSwitch, int ingressPort) {
}
