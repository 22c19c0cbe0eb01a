// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code int-host-reporter collector}: an INT collector small enough to embed, for trying the
 * agent out and for end-to-end tests. It prints one line per report on stdout (text or JSON
 * Lines); diagnostics, the listening address and the final summary go to stderr so stdout holds
 * reports only.
 */
@Command(name = "collector", mixinStandardHelpOptions = true,
        description = {"Receives INT telemetry reports over UDP and prints one line per report.",
                "Stops after --count reports, after --duration, or on SIGINT/SIGTERM, "
                        + "then prints a summary (reports, lost reports per switch_id/hw_id) on stderr."})
public final class CollectorCommand implements Callable<Integer> {

    /** How long a signal's shutdown hook waits for the summary to be printed. */
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);
    private static final Duration WARNING_INTERVAL = Duration.ofSeconds(1);
    /** Room for bursts of reports while the printer is busy; the kernel may cap it lower. */
    private static final int SOCKET_RECEIVE_BUFFER = 4 << 20;

    @Spec
    private CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:32766",
            converter = HostPortConverter.class,
            description = "UDP address to receive reports on (default: ${DEFAULT-VALUE}; port 0 picks a free one).")
    private InetSocketAddress listen;

    @Option(names = "--json", description = "Print JSON Lines instead of text.")
    private boolean json;

    private long count;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this long, e.g. 30s, 5m, PT1M.")
    private Duration duration;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0",
            description = "Stop after N reports (default: ${DEFAULT-VALUE} = run until stopped).")
    void setCount(long value) {
        if (value < 0) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--count': " + value + " is negative (0 means no limit)");
        }
        count = value;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DatagramChannel channel;
        try {
            channel = DatagramChannel.open();
            channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_RECEIVE_BUFFER);
            channel.bind(listen);
        } catch (IOException e) {
            err.println("collector: cannot listen on UDP " + Endpoints.format(listen) + ": " + e.getMessage());
            err.flush();
            return 1;
        }
        try (channel) {
            err.println("collector: listening on UDP " + Endpoints.format(channel.getLocalAddress()));
            err.flush();
            ReportCollector collector = new ReportCollector(channel, ReportPrinter.create(json, out),
                    new RateLimitedWarnings(err, WARNING_INTERVAL, System::nanoTime));
            return runUntilDone(collector, err);
        } catch (IOException e) {
            err.println("collector: receiving failed: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    /** Runs the loop with its stop triggers (signal, duration) in place, then prints the summary. */
    private int runUntilDone(ReportCollector collector, PrintWriter err) throws IOException {
        CountDownLatch summaryPrinted = new CountDownLatch(1);
        Thread onSignal = new Thread(() -> {
            collector.stop();
            awaitQuietly(summaryPrinted);
        }, "collector-shutdown");
        Runtime.getRuntime().addShutdownHook(onSignal);
        Thread timer = duration == null ? null : Thread.ofPlatform().daemon().name("collector-duration")
                .start(() -> stopAfter(collector, duration));
        try {
            collector.run(count);
            return 0;
        } finally {
            if (timer != null) {
                timer.interrupt();
            }
            err.println(collector.summary());
            err.flush();
            summaryPrinted.countDown();
            removeHook(onSignal);
        }
    }

    private static void stopAfter(ReportCollector collector, Duration duration) {
        try {
            Thread.sleep(duration);
            collector.stop();
        } catch (InterruptedException e) {
            // The collector ended first: nothing to stop.
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down (the hook is what stopped us): nothing to remove.
        }
    }
}
