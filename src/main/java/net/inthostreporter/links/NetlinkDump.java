// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.links;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One kind of route-netlink dump (addresses, routes…) of the calling thread's network namespace,
 * on a short-lived socket: the request, the answers parsed one message at a time, and a retry
 * when changes interrupted the dump.
 */
final class NetlinkDump {
    private static final int ATTEMPTS = 3;
    private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(1);

    /** Told when a datagram held the end of the dump, or a sign that it was interrupted. */
    @FunctionalInterface
    interface DumpProgress {
        void update(boolean done, boolean interrupted);
    }

    private NetlinkDump() {
    }

    /**
     * Every object the kernel lists, in its order.
     *
     * @param requestType  the RTM_GET… message type
     * @param headerLength the length of the family header after the netlink header (sent zeroed)
     * @param answerType   the RTM_NEW… type of the answers
     * @param parser       one answer's payload to an object, or null to skip it
     * @throws IllegalStateException when the kernel does not finish the dump in time, or changes
     *                               interrupted it {@value #ATTEMPTS} times in a row
     */
    static <T> List<T> all(int requestType, int headerLength, String what, int answerType, Function<MemorySegment, T> parser) {
        try (RouteNetlinkSocket socket = RouteNetlinkSocket.openForRequests(RECEIVE_TIMEOUT)) {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                socket.requestDump(requestType, headerLength, what);
                List<T> found = new ArrayList<>();
                boolean[] done = {false};
                boolean[] interrupted = {false};
                while (!done[0]) {
                    MemorySegment datagram = socket.receiveDatagram();
                    if (datagram == RouteNetlinkSocket.OVERRUN) {
                        interrupted[0] = true;
                        continue;
                    }
                    if (datagram.byteSize() == 0) {
                        throw new IllegalStateException("no end of the netlink " + what + " dump within "
                                + RECEIVE_TIMEOUT.toMillis() + " ms");
                    }
                    parse(datagram, answerType, parser, found, (isDone, isInterrupted) -> {
                        done[0] |= isDone;
                        interrupted[0] |= isInterrupted;
                    });
                }
                if (!interrupted[0]) {
                    return found;
                }
            }
        }
        throw new IllegalStateException("the netlink " + what + " dump was interrupted by changes " + ATTEMPTS + " times");
    }

    /** Adds the objects of one datagram (package-private for tests with golden bytes). */
    static <T> void parse(MemorySegment datagram, int answerType, Function<MemorySegment, T> parser, List<T> into,
                          DumpProgress progress) {
        RouteNetlinkSocket.forEachMessage(datagram, (type, flags, payload) -> {
            boolean interrupted = RouteNetlinkSocket.dumpInterrupted(flags);
            if (RouteNetlinkSocket.isDumpDone(type)) {
                progress.update(true, interrupted);
            } else if (type == answerType) {
                progress.update(false, interrupted);
                T parsed = parser.apply(payload);
                if (parsed != null) {
                    into.add(parsed);
                }
            }
        });
    }
}
