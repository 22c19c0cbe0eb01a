// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.links;

/** An interface appeared (or was seen in a dump) or went away. */
public record LinkEvent(Kind kind, int ifindex, String name) implements RouteMessage {
    public enum Kind { NEW, DELETED }
}
