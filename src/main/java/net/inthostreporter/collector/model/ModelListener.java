// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.model;

/**
 * Told when the model changed: after every datagram's reports are in. Called on the receiving
 * thread, outside the model's lock: it must return at once (set a flag, wake a thread) and take
 * a {@link CollectorModel#snapshot} elsewhere, when it wants one.
 */
@FunctionalInterface
public interface ModelListener {
    /** @param version the model's version after the change (grows by the reports accepted) */
    void changed(long version);
}
