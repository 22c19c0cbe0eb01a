// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import net.inthostreporter.links.AddressDump;
import net.inthostreporter.links.InterfaceAddress;
import net.inthostreporter.links.InterfaceRoute;
import net.inthostreporter.links.RouteDump;

/** The agent's endpoints by path: what {@link ApiServer} serves. */
public final class ApiRoutes {
    private final Map<String, Endpoint> byPath;

    private ApiRoutes(Map<String, Endpoint> byPath) {
        this.byPath = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byPath));
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
        Map<String, Endpoint> routes = new LinkedHashMap<>();
        routes.put("/api/v1/topology", new TopologyEndpoint(agent, addresses, routed));
        routes.put("/api/v1/watchlist", new WatchlistEndpoint(watchlist));
        routes.put("/healthz", HealthEndpoints.alive());
        routes.put("/readyz", HealthEndpoints.ready(agent));
        routes.put("/metrics", new MetricsEndpoint(metrics.registry()));
        return new ApiRoutes(routes);
    }

    /** With the kernel's interface addresses of the calling process's namespace. */
    public static ApiRoutes of(AgentState agent, AgentMetrics metrics, WatchlistStatusSource watchlist) {
        return of(agent, metrics, watchlist, AddressDump::all, RouteDump::all);
    }

    Map<String, Endpoint> byPath() {
        return byPath;
    }
}
