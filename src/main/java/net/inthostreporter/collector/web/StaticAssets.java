// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import net.inthostreporter.api.Json;
import net.inthostreporter.api.Response;

/**
 * The live page's files, read once from the jar. Only the files named here exist (no path is
 * mapped onto the class path, so nothing else in the jar can be asked for); {@code /} is the
 * page. Any other path gets the API's JSON 404 (this handler is the server's fallback, so it
 * answers unknown API paths too). The page loads nothing from anywhere else, and the
 * Content-Security-Policy says so to the browser as well.
 */
public final class StaticAssets implements HttpHandler {
    /** Scripts, styles, images and connections: this origin only; no inline script. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; "
            + "style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";
    private static final String RESOURCE_FOLDER = "/net/inthostreporter/collector/web/";
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    private final Map<String, Response> byPath;

    private StaticAssets(Map<String, Response> byPath) {
        this.byPath = byPath;
    }

    /** Reads the page's files from the class path; a missing one is a broken build. */
    public static StaticAssets load() {
        Map<String, Response> byPath = new LinkedHashMap<>();
        FILES.forEach((name, type) -> byPath.put("/" + name, new Response(200, type, read(name))));
        byPath.put("/", byPath.get("/index.html"));
        return new StaticAssets(Map.copyOf(byPath));
    }

    private static byte[] read(String name) {
        try (InputStream in = StaticAssets.class.getResourceAsStream(RESOURCE_FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks the page's " + RESOURCE_FOLDER + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream request = exchange.getRequestBody()) {
            request.transferTo(OutputStream.nullOutputStream());
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            Response asset = byPath.get(path);
            if (asset == null) {
                send(exchange, Json.error(404, "no such path: " + path));
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, Json.error(405, "method " + method + " is not allowed on " + path + "; allowed: GET, HEAD"));
            } else {
                send(exchange, asset);
            }
        }
    }

    private static void send(HttpExchange exchange, Response asset) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", asset.contentType());
        headers.set("Cache-Control", "no-cache");
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        if (exchange.getRequestMethod().equals("HEAD")) {
            headers.set("Content-Length", Integer.toString(asset.body().length));
            exchange.sendResponseHeaders(asset.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(asset.status(), asset.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(asset.body());
        }
    }
}
