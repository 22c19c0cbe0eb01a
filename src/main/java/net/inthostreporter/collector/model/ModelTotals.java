// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.model;

/**
 * Counters of the whole model.
 *
 * @param reports          reports accepted (flow and drop)
 * @param dropReports      of them, drop reports
 * @param lost             lost reports summed over streams (sequence gaps)
 * @param flows            flows held now
 * @param flowsEvicted     flows removed to stay within the limit (least recently seen first)
 * @param withoutFlow      reports whose snapshot has no readable IP header (counted, no flow)
 * @param untrackedSwitch  reports from switches beyond the switch limit (counted, nothing kept)
 * @param hopsRefused      reports of a hop beyond a flow's hop limit
 * @param dropKeysEvicted  drop entries removed to stay within their limit
 * @param linksEvicted     links removed to stay within their limit
 */
public record ModelTotals(long reports, long dropReports, long lost, int flows, long flowsEvicted,
                          long withoutFlow, long untrackedSwitch, long hopsRefused, long dropKeysEvicted,
                          long linksEvicted) {
}
