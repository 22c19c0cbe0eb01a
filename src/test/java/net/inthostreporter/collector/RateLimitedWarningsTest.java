// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class RateLimitedWarningsTest {

    @Test
    void printsOnePerIntervalAndSaysHowManyWereHeldBack() {
        StringWriter sink = new StringWriter();
        long[] now = {0};
        var warnings = new RateLimitedWarnings(new PrintWriter(sink), Duration.ofSeconds(1), () -> now[0]);
        warnings.warn("a");
        warnings.warn("b");
        warnings.warn("c");
        now[0] = 1_000_000_000L;
        warnings.warn("d");
        now[0] += 10;
        warnings.warn("e");
        assertEquals(String.join(System.lineSeparator(), "warning: a", "warning: d (2 similar warnings suppressed)", ""),
                sink.toString());
    }
}
