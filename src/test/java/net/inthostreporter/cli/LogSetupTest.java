// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;

class LogSetupTest {
    @Test
    void logbackFindsTheConfiguratorThroughTheServiceLoader() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/services/" + Configurator.class.getName())) {
            assertEquals(java.util.List.of(LogSetup.class.getName()), new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList());
        }
        assertInstanceOf(LoggerContext.class, LoggerFactory.getILoggerFactory());
    }

    @Test
    void rootLogsAtInfoToStderrWithTheAgentsPattern() {
        LoggerContext context = new LoggerContext();
        assertEquals(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, new LogSetup().configure(context));
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.INFO, root.getLevel());
        ConsoleAppender<?> stderr = assertInstanceOf(ConsoleAppender.class, root.getAppender("STDERR"));
        assertEquals("System.err", stderr.getTarget());
        assertTrue(stderr.isStarted());
        assertEquals("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{0}: %msg%n",
                assertInstanceOf(PatternLayoutEncoder.class, stderr.getEncoder()).getPattern());
    }
}
