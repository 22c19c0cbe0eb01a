// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * The agent's read-only HTTP server (the JDK's own). {@link #bind} takes the port at once, so a
 * bad or busy address fails before anything is loaded into the kernel; {@link #start} begins
 * answering once the agent runs (until then connections wait in the backlog).
 *
 * <p>GET and HEAD only: any other method on a known path gets 405 with an Allow header; an
 * unknown path gets 404. Every error body is {@code {"error": "..."}}. Raw handlers (see
 * {@link ApiRoutes.Builder#handler}) answer the paths no endpoint has, under their prefix.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    static final String ALLOWED_METHODS = "GET, HEAD";
    /** Scrapes and probes are rare and short: two threads keep one slow scrape from blocking a probe. */
    private static final int THREADS = 2;
    private static final int BACKLOG = 16;

    private final HttpServer server;
    private final ExecutorService executor;
    private volatile Map<String, Endpoint> routes = Map.of();
    private volatile Map<String, HttpHandler> handlers = Map.of();
    private boolean started;

    private ApiServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds the listening socket.
     *
     * @throws IOException when the address cannot be bound (in use, not local, no permission)
     */
    public static ApiServer bind(InetSocketAddress address) throws IOException {
        return bind(address, Executors.newFixedThreadPool(THREADS,
                Thread.ofPlatform().name("api-", 0).daemon(true).factory()));
    }

    /**
     * Binds the listening socket; exchanges run on {@code executor}, which the server shuts down
     * on close. Servers with long-lived exchanges (event streams) pass one that does not run out
     * of threads, e.g. {@link Executors#newVirtualThreadPerTaskExecutor()}.
     */
    public static ApiServer bind(InetSocketAddress address, ExecutorService executor) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(address, BACKLOG);
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
        server.setExecutor(executor);
        ApiServer api = new ApiServer(server, executor);
        server.createContext("/", api::handle);
        return api;
    }

    /** The bound address (with the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Starts answering, with these endpoints and handlers. */
    public synchronized void start(ApiRoutes endpoints) {
        if (started) {
            throw new IllegalStateException("API server already started");
        }
        routes = endpoints.byPath();
        handlers = endpoints.handlers();
        started = true;
        server.start();
        LOG.info("API on http://{}:{} ({})", address().getHostString(), address().getPort(), String.join(", ", routes.keySet()));
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!routes.containsKey(path)) {
            HttpHandler handler = handlerFor(path);
            if (handler != null) {
                handler.handle(exchange);
                return;
            }
        }
        try (exchange; InputStream body = exchange.getRequestBody()) {
            body.transferTo(OutputStream.nullOutputStream()); // a request body means nothing here
            respond(exchange, route(exchange));
        } catch (IOException e) {
            LOG.debug("API client {} went away: {}", exchange.getRemoteAddress(), e.getMessage());
        }
    }

    /** The handler of the longest prefix that covers {@code path} ("/x" covers "/x" and "/x/..."), or null. */
    private HttpHandler handlerFor(String path) {
        HttpHandler best = null;
        int bestLength = -1;
        for (Map.Entry<String, HttpHandler> e : handlers.entrySet()) {
            String prefix = e.getKey();
            boolean covers = prefix.equals("/") || path.equals(prefix)
                    || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/");
            if (covers && prefix.length() > bestLength) {
                best = e.getValue();
                bestLength = prefix.length();
            }
        }
        return best;
    }

    private Response route(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        Endpoint endpoint = routes.get(path);
        if (endpoint == null) {
            return Json.error(404, "no such path: " + path);
        }
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", ALLOWED_METHODS);
            return Json.error(405, "method " + method + " is not allowed on " + path + "; allowed: " + ALLOWED_METHODS);
        }
        try {
            return endpoint.get(exchange.getRequestHeaders());
        } catch (Exception | Error e) {
            LOG.warn("GET {} failed: {}", path, e.toString());
            LOG.debug("GET {} failure", path, e);
            return Json.error(500, "cannot answer " + path + ": " + e.getMessage());
        }
    }

    private static void respond(HttpExchange exchange, Response response) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(response.body().length));
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(response.body());
        }
    }

    /** Stops listening at once (open exchanges are cut) and ends the threads. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
