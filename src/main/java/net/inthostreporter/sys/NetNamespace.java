// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.sys;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a task inside a named network namespace ({@code /var/run/netns/NAME}, as made by
 * {@code ip netns add}).
 *
 * <p>setns(2) switches only the calling OS thread, so each call gets a fresh platform thread
 * (never a virtual thread, never a pooled one) that joins the namespace first and ends with
 * the task: no thread is ever left behind in a foreign namespace. Sockets opened by the task
 * (netlink sockets, those libbpf opens for bpf_tc_*) stay in that namespace after the thread
 * ends, and interface indexes given to the kernel are resolved there.
 */
public final class NetNamespace {
    private static final Path NETNS_DIR = Path.of("/var/run/netns");

    private NetNamespace() {
    }

    /**
     * Runs {@code task} in namespace {@code nsName} and returns its result.
     *
     * @throws ErrnoException when the namespace cannot be opened or joined
     * @throws Exception whatever the task throws, unchanged
     */
    public static <T> T call(String nsName, Callable<T> task) throws Exception {
        if (nsName.isEmpty() || nsName.contains("/")) {
            throw new IllegalArgumentException("not a namespace name: '" + nsName + "'");
        }
        String path = NETNS_DIR.resolve(nsName).toString();
        return callOnThread("netns-" + nsName, () -> enter(path), task);
    }

    /**
     * Runs {@code task} in a new, unnamed network namespace (only its loopback, down), which the
     * kernel removes once the task's thread, the threads it started and its sockets are gone.
     *
     * @throws ErrnoException when the namespace cannot be made (EPERM without CAP_SYS_ADMIN)
     */
    public static <T> T callInNewNamespace(Callable<T> task) throws Exception {
        return callOnThread("netns-new", () -> Errno.check(Libc.unshare(Libc.CLONE_NEWNET), "unshare", "CLONE_NEWNET"), task);
    }

    private static <T> T callOnThread(String name, Runnable enter, Callable<T> task) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().name(name).unstarted(() -> {
            try {
                enter.run();
                result.set(task.call());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        thread.start();
        thread.join();
        Throwable t = failure.get();
        if (t instanceof Exception e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return result.get();
    }

    private static void enter(String path) {
        int fd = Errno.check(Libc.open(path, Libc.O_RDONLY | Libc.O_CLOEXEC), "open", path);
        try {
            Errno.check(Libc.setns(fd, Libc.CLONE_NEWNET), "setns", path + ", CLONE_NEWNET");
        } finally {
            Libc.close(fd);
        }
    }
}
