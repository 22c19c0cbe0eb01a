// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector;

import java.io.Writer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Test helper: a Writer that hands over each completed line, so a test can read output while the command runs. */
final class LineQueueWriter extends Writer {

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public synchronized void write(char[] chars, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            char c = chars[i];
            if (c == '\n') {
                lines.add(partial.toString());
                partial.setLength(0);
            } else if (c != '\r') {
                partial.append(c);
            }
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    /** The next completed line, failing the test if none comes in time. */
    String next(Duration timeout) throws InterruptedException {
        String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new AssertionError("no output line within " + timeout);
        }
        return line;
    }

    /** The next line that starts with {@code prefix}, skipping others. */
    String nextStartingWith(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** Lines completed so far, removed from the queue. */
    java.util.List<String> drain() {
        java.util.List<String> drained = new java.util.ArrayList<>();
        lines.drainTo(drained);
        return drained;
    }
}
