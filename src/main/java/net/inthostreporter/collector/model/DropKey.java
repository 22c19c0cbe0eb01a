// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.model;

/**
 * Where and why packets were dropped.
 *
 * @param port   the egress port when the drop report names one (non-zero), else the ingress port
 * @param reason INT drop reason code
 */
public record DropKey(long switchId, int port, int reason) {
}
