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
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import net.inthostreporter.api.ApiRoutes;
import net.inthostreporter.api.ApiServer;
import net.inthostreporter.collector.http.CollectorMetrics;
import net.inthostreporter.collector.http.CollectorRoutes;
import net.inthostreporter.collector.model.CollectorModel;
import net.inthostreporter.collector.web.WebRoutes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code int-host-reporter collector}: an INT collector for a cluster. It receives reports from
 * any number of nodes and switches, keeps flows with their paths, drops, loss per stream and the
 * links between switches ({@link CollectorModel}), serves them over HTTP with {@code --http}, and
 * prints one line per report on stdout (text or JSON Lines; none with {@code --quiet});
 * diagnostics, the listening addresses and the final summary go to stderr so stdout holds
 * reports only.
 */
@Command(name = "collector", mixinStandardHelpOptions = true,
        description = {"Receives INT telemetry reports (v0.5 and v2.0) over UDP from any number of senders, "
                + "keeps flows with their paths, drops and loss, serves them with --http, and prints one line per report.",
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

    @Option(names = "--quiet", description = "Print no line per report (the model, the API and the summary stay).")
    private boolean quiet;

    @Option(names = "--http", paramLabel = "HOST:PORT", converter = HostPortConverter.class,
            description = "Serve the live page (/), /api/v1/flows, /api/v1/drops, /api/v1/switches, /api/v1/events and /metrics here (port 0 picks a free one).")
    private InetSocketAddress http;

    private int maxFlows = CollectorModel.DEFAULT_MAX_FLOWS;

    @Option(names = "--max-flows", paramLabel = "N", defaultValue = "100000",
            description = "Flows kept at most; the least recently seen one is evicted (default: ${DEFAULT-VALUE}).")
    void setMaxFlows(int value) {
        if (value < 1) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--max-flows': " + value + " (must be at least 1)");
        }
        maxFlows = value;
    }

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
        CollectorMetrics metrics = new CollectorMetrics();
        CollectorModel model = new CollectorModel(maxFlows, System::currentTimeMillis, metrics, metrics);
        metrics.bind(model);
        ApiServer api = null;
        if (http != null) {
            try {
                api = ApiServer.bind(http, Executors.newVirtualThreadPerTaskExecutor());
            } catch (IOException e) {
                err.println("collector: cannot listen on HTTP " + Endpoints.format(http) + ": " + e.getMessage());
                err.flush();
                closeQuietly(channel);
                return 1;
            }
        }
        try (channel; ApiServer served = api) {
            if (served != null) {
                served.start(routes(model, metrics, Endpoints.format(channel.getLocalAddress())));
                err.println("collector: HTTP API on http://" + Endpoints.format(served.address()));
            }
            err.println("collector: listening on UDP " + Endpoints.format(channel.getLocalAddress()));
            err.flush();
            ReportPrinter printer = quiet ? report -> { } : ReportPrinter.create(json, out);
            ReportCollector collector = new ReportCollector(channel, printer, model,
                    new RateLimitedWarnings(err, WARNING_INTERVAL, System::nanoTime));
            return runUntilDone(collector, err);
        } catch (IOException e) {
            err.println("collector: receiving failed: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    /**
     * The HTTP routes; the one place where further collector resources are added. {@code listen}
     * is the UDP address, which the live page tells agents to send to.
     */
    static ApiRoutes routes(CollectorModel model, CollectorMetrics metrics, String listen) {
        return ApiRoutes.builder().add(CollectorRoutes.of(model, metrics)).add(WebRoutes.of(model, metrics, listen)).build();
    }

    private static void closeQuietly(DatagramChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing was received yet: nothing to lose.
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
