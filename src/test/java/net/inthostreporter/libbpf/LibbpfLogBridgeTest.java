// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.libbpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import net.inthostreporter.testkit.KernelRequirement;
import net.inthostreporter.testkit.TestObjects;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LibbpfLogBridgeTest {
    @Test
    void verifierRejectionReachesTheLoggerAsWarnings() {
        KernelRequirement.requireRoot();
        Logger logger = (Logger) LoggerFactory.getLogger("libbpf");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.DEBUG);
        try {
            LibbpfLogBridge.install();
            LibbpfLogBridge.install(); // idempotent
            try (BpfObject obj = BpfObject.openMemory("rejected", TestObjects.bytes("rejected"))) {
                BpfException e = assertThrows(BpfException.class, obj::load);
                assertEquals("bpf_object__load", e.function());
            }
            List<ILoggingEvent> warnings = appender.list.stream().filter(ev -> ev.getLevel() == Level.WARN).toList();
            assertFalse(warnings.isEmpty(), "libbpf warned");
            String all = String.join("\n", warnings.stream().map(ILoggingEvent::getFormattedMessage).toList());
            assertTrue(all.contains("prog 'rejected'"), all);
            assertTrue(all.contains("invalid access to packet") || all.contains("R1 invalid mem access")
                    || all.contains("invalid"), "the verifier's reason is in the log:\n" + all);
            assertTrue(warnings.stream().noneMatch(ev -> ev.getFormattedMessage().endsWith("\n")), "trailing newline trimmed");
            assertTrue(appender.list.stream().anyMatch(ev -> ev.getLevel() == Level.DEBUG), "debug lines arrive too");
        } finally {
            logger.detachAppender(appender);
            // The bridge stays installed for the rest of the JVM: keep libbpf's debug chatter out of the test output.
            logger.setLevel(Level.INFO);
        }
    }

    @Test
    void trailingNewlinesAreTrimmed() {
        assertEquals("a\nb", LibbpfLogBridge.stripTrailingNewlines("a\nb\n\n"));
        assertEquals("", LibbpfLogBridge.stripTrailingNewlines("\n"));
    }
}
