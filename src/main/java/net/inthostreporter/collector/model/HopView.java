// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.model;

/**
 * One hop of a flow's path as of a snapshot.
 *
 * @param latencyP50Ns hop latency median in ns, -1 when no report carried a latency
 * @param latencyP99Ns hop latency 99th percentile in ns, -1 likewise
 * @param ttl          the inner IP TTL / hop limit of the hop's last snapshot, -1 when not IP
 */
public record HopView(HopKey hop, long latencyP50Ns, long latencyP99Ns, long reports, int ttl, long lastSeenMillis) {
}
