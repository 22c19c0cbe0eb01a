// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.export;

import java.net.InetSocketAddress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.inthostreporter.sys.Errno;

/**
 * Logs send failures toward one collector at most once per interval, with how many failed in
 * between, and once when sending works again: a collector that is down must neither stop the
 * agent nor flood its log.
 */
final class SendErrorLog {
    private static final Logger LOG = LoggerFactory.getLogger(SendErrorLog.class);
    private static final long INTERVAL_NS = 10_000_000_000L;

    private final InetSocketAddress collector;
    private long lastLogNs;
    private long failedSinceLog;
    private boolean failing;

    SendErrorLog(InetSocketAddress collector) {
        this.collector = collector;
    }

    void failed(int errno, long reports) {
        failedSinceLog += reports;
        long now = System.nanoTime();
        if (!failing || now - lastLogNs >= INTERVAL_NS) {
            LOG.warn("cannot send reports to {}: {} ({} report(s) lost since the last message)", collector,
                    Errno.describe(errno), failedSinceLog);
            lastLogNs = now;
            failedSinceLog = 0;
        }
        failing = true;
    }

    void succeeded() {
        if (failing) {
            failing = false;
            LOG.info("sending reports to {} works again", collector);
        }
    }
}
