// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class StartupTimelineTest {
    @Test
    void processAgeAgreesWithTheJvmsOwnUptime() {
        // The JVM's uptime counts from its own start, a little after the process began.
        long jvmUptime = ManagementFactory.getRuntimeMXBean().getUptime();
        long age = StartupTimeline.processAgeMillis();
        long after = ManagementFactory.getRuntimeMXBean().getUptime();
        assertTrue(age >= jvmUptime - 20 && age <= after + 2_000, "process age " + age + " ms, JVM uptime " + jvmUptime + " ms");
    }

    @Test
    void summaryListsThePhasesInOrderWithTheirDurations() throws InterruptedException {
        StartupTimeline timeline = StartupTimeline.startingNow();
        Thread.sleep(30);
        timeline.mark("first phase");
        timeline.mark("second phase");
        String summary = timeline.summary();
        Matcher m = Pattern.compile("process start -> main \\d+ ms \\(10 ms resolution\\); first phase (\\d+\\.\\d) ms, "
                + "second phase (\\d+\\.\\d) ms; main -> now (\\d+\\.\\d) ms, process start -> now ≈ \\d+ ms").matcher(summary);
        assertTrue(m.find(), summary);
        assertTrue(Double.parseDouble(m.group(1)) >= 30, summary);
        assertTrue(Double.parseDouble(m.group(3)) >= Double.parseDouble(m.group(1)) + Double.parseDouble(m.group(2)) - 0.2, summary);
    }

    @Test
    void anUntimedTimelineDoesNotClaimAProcessStart() {
        StartupTimeline timeline = StartupTimeline.untimed();
        timeline.mark("only");
        assertFalse(timeline.summary().contains("process start"), timeline.summary());
    }
}
