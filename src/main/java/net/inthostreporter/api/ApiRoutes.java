// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpHandler;

import net.inthostreporter.links.AddressDump;
import net.inthostreporter.links.InterfaceAddress;
import net.inthostreporter.links.InterfaceRoute;
import net.inthostreporter.links.RouteDump;

/**
 * What {@link ApiServer} serves: read-only endpoints by exact path (GET/HEAD, answered with a
 * complete {@link Response}), and raw handlers by path prefix for what a complete response cannot
 * carry (a server-sent event stream, static assets under a folder). A raw handler owns its
 * exchange: method checks, headers, closing.
 */
public final class ApiRoutes {
    private final Map<String, Endpoint> byPath;
    private final Map<String, HttpHandler> handlers;

    private ApiRoutes(Map<String, Endpoint> byPath, Map<String, HttpHandler> handlers) {
        this.byPath = Collections.unmodifiableMap(new LinkedHashMap<>(byPath));
        this.handlers = Collections.unmodifiableMap(new LinkedHashMap<>(handlers));
    }

    /**
     * Every endpoint of the agent.
     *
     * @param addresses the interface addresses, asked on each topology request (the kernel's
     *                  through {@link AddressDump#all()} in the agent; fixed ones in tests)
     * @param routed    the routes out of each interface, likewise ({@link RouteDump#all()})
     */
    public static ApiRoutes of(AgentState agent, AgentMetrics metrics, WatchlistStatusSource watchlist,
                               Supplier<List<InterfaceAddress>> addresses, Supplier<List<InterfaceRoute>> routed) {
        return builder()
                .get("/api/v1/topology", new TopologyEndpoint(agent, addresses, routed))
                .get("/api/v1/watchlist", new WatchlistEndpoint(watchlist))
                .get("/healthz", HealthEndpoints.alive())
                .get("/readyz", HealthEndpoints.ready(agent))
                .get("/metrics", new MetricsEndpoint(metrics.registry()))
                .build();
    }

    /** With the kernel's interface addresses of the calling process's namespace. */
    public static ApiRoutes of(AgentState agent, AgentMetrics metrics, WatchlistStatusSource watchlist) {
        return of(agent, metrics, watchlist, AddressDump::all, RouteDump::all);
    }

    public static Builder builder() {
        return new Builder();
    }

    Map<String, Endpoint> byPath() {
        return byPath;
    }

    Map<String, HttpHandler> handlers() {
        return handlers;
    }

    /** Collects routes; a path given twice is a programming error. */
    public static final class Builder {
        private final Map<String, Endpoint> byPath = new LinkedHashMap<>();
        private final Map<String, HttpHandler> handlers = new LinkedHashMap<>();

        private Builder() {
        }

        /** A GET/HEAD endpoint at exactly {@code path}. */
        public Builder get(String path, Endpoint endpoint) {
            if (!path.startsWith("/") || byPath.putIfAbsent(path, endpoint) != null) {
                throw new IllegalArgumentException("bad or repeated API path: " + path);
            }
            return this;
        }

        /**
         * A raw handler for {@code prefix} and every path below it that no endpoint and no longer
         * prefix claims (the JDK server's context rule). "/" makes it the fallback of every path.
         */
        public Builder handler(String prefix, HttpHandler handler) {
            if (!prefix.startsWith("/") || handlers.putIfAbsent(prefix, handler) != null) {
                throw new IllegalArgumentException("bad or repeated handler prefix: " + prefix);
            }
            return this;
        }

        /** Everything of {@code other} as well (a subsystem's routes). */
        public Builder add(ApiRoutes other) {
            other.byPath.forEach(this::get);
            other.handlers.forEach(this::handler);
            return this;
        }

        public ApiRoutes build() {
            return new ApiRoutes(byPath, handlers);
        }
    }
}
