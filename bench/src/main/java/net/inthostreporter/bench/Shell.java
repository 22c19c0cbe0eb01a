// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion (ip, iperf3, lab.sh): the benchmark may spawn, the agent never does. */
final class Shell {
    private Shell() {
    }

    /** Runs the command; its stdout, or an exception naming the command and its stderr. */
    static String run(List<String> command, Duration timeout) {
        try {
            Process process = new ProcessBuilder(command).start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            String out = readAll(process.getInputStream());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + ": no exit within " + timeout);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                        + ": " + err.join().strip());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("running " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    static String run(String... command) {
        return run(List.of(command), Duration.ofSeconds(60));
    }

    /** Runs the command and ignores its outcome (clean-up paths). */
    static void runQuietly(String... command) {
        try {
            run(command);
        } catch (RuntimeException ignored) {
            // clean-up of something that may already be gone
        }
    }

    private static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
