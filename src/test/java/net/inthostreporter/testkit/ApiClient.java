// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * GETs from the agent's REST API inside a lab namespace: the socket is opened on a thread in
 * that namespace (where the agent listens on 127.0.0.1), one HTTP/1.1 request per connection.
 */
public final class ApiClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** A status code and a body. */
    public record Answer(int status, String body) {
    }

    private final String ns;
    private final String host;
    private final int port;

    /** The API at 127.0.0.1:port in {@code ns}. */
    public ApiClient(String ns, int port) {
        this(ns, "127.0.0.1", port);
    }

    public ApiClient(String ns, String host, int port) {
        this.ns = ns;
        this.host = host;
        this.port = port;
    }

    /** A port nothing listens on in the namespace now (asked from the kernel there). */
    public static int freePort(String ns) throws Exception {
        return NodeLab.in(ns, () -> {
            try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return probe.getLocalPort();
            }
        });
    }

    /** A TCP port nothing listens on in the test's own namespace now. */
    public static int freePortHere() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public Answer get(String path) throws Exception {
        return ns == null ? exchange(path) : NodeLab.in(ns, () -> exchange(path));
    }

    private Answer exchange(String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int headerEnd = response.indexOf("\r\n\r\n");
            if (!response.startsWith("HTTP/1.1 ") || headerEnd < 0) {
                throw new IOException("not an HTTP response to GET " + path + ": " + response);
            }
            if (response.substring(0, headerEnd).toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                throw new IOException("unexpected chunked response to GET " + path);
            }
            return new Answer(Integer.parseInt(response.substring(9, 12)), response.substring(headerEnd + 4));
        }
    }
}
