// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpServer;

/**
 * The page's handlers on a JDK server of the test's own, fed a picture the test sets: the page
 * and its event stream exactly as the collector serves them, without a collector.
 */
final class PageServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicReference<Supplier<Map<String, Object>>> picture;

    PageServer(Map<String, Object> initial, Duration interval) throws IOException {
        this(() -> initial, interval);
    }

    /** With a picture taken anew for every event (its clock moves, as a collector's does). */
    PageServer(Supplier<Map<String, Object>> initial, Duration interval) throws IOException {
        picture = new AtomicReference<>(initial);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(executor);
        server.createContext("/", StaticAssets.load());
        server.createContext("/api/v1/events", new EventStream(new LiveSnapshots(() -> picture.get().get(), Duration.ZERO), interval));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    void show(Map<String, Object> next) {
        picture.set(() -> next);
    }

    void show(Supplier<Map<String, Object>> next) {
        picture.set(next);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
