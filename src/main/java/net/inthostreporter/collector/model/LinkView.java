// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.model;

/** An inferred link as of a snapshot: how many packets confirmed it and when the last one did. */
public record LinkView(LinkKey key, long packets, long lastSeenMillis) {
}
