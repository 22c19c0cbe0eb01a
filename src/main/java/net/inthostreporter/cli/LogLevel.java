// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;

/** The --log-level values the previous implementation accepted, plus warn and error. */
enum LogLevel {
    ERROR(Level.ERROR), WARN(Level.WARN), INFO(Level.INFO), DEBUG(Level.DEBUG), TRACE(Level.TRACE);

    private final Level level;

    LogLevel(Level level) {
        this.level = level;
    }

    static LogLevel parse(String value) {
        for (LogLevel l : values()) {
            if (l.flag().equals(value.toLowerCase(Locale.ROOT))) {
                return l;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a log level; valid values: "
                + Arrays.stream(values()).map(LogLevel::flag).collect(Collectors.joining(", ")));
    }

    String flag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Applies the level to the root logger (logback is the SLF4J binding we ship). */
    void apply() {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(level);
        }
    }
}
