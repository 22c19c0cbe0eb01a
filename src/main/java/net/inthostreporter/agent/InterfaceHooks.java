// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.agent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.inthostreporter.datapath.Attacher;
import net.inthostreporter.datapath.InterfaceHook;
import net.inthostreporter.datapath.PodSideHook;
import net.inthostreporter.links.InterfaceSelector;
import net.inthostreporter.links.LinkEvent;
import net.inthostreporter.links.LinkWatcher;
import net.inthostreporter.links.TcChangeEvent;

/**
 * Keeps our programs on exactly the selected interfaces: hooks an interface when the kernel
 * announces it, forgets it when it goes away, and restores hooks that someone else removed.
 * Called from the link watcher thread, the reconcile timer and the shutdown path, so every
 * method is synchronized.
 */
final class InterfaceHooks implements LinkWatcher.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InterfaceHooks.class);

    /**
     * A hooked interface, or one whose attachment failed and is retried on reconcile. A pod
     * interface also has its pod-side hook when the pod's namespace is visible (else null).
     */
    private record Entry(String name, InterfaceHook hook, PodSideHook podSide) {
        Entry(String name, InterfaceHook hook) {
            this(name, hook, null);
        }
    }

    private final Attacher attacher;
    private final InterfaceSelector selector;
    private final Map<Integer, Entry> entries = new HashMap<>();
    private boolean closed;

    InterfaceHooks(Attacher attacher, InterfaceSelector selector) {
        this.attacher = attacher;
        this.selector = selector;
    }

    @Override
    public synchronized void onLinkEvent(LinkEvent event) {
        if (closed) {
            return;
        }
        switch (event.kind()) {
            case NEW -> {
                if (selector.selects(event.name()) && !entries.containsKey(event.ifindex())) {
                    entries.put(event.ifindex(), attach(event.ifindex(), event.name()));
                }
            }
            case DELETED -> {
                Entry gone = entries.remove(event.ifindex());
                if (gone != null) {
                    detachQuietly(gone, event.ifindex());
                    LOG.info("{} (ifindex {}) went away", gone.name(), event.ifindex());
                }
            }
        }
    }

    @Override
    public synchronized void onTcChange(TcChangeEvent event) {
        Entry entry = entries.get(event.ifindex());
        if (!closed && entry != null) {
            check(event.ifindex(), entry);
        }
    }

    /** Re-attaches what is missing on every selected interface. */
    synchronized void reconcile() {
        if (closed) {
            return;
        }
        for (Map.Entry<Integer, Entry> e : List.copyOf(entries.entrySet())) {
            check(e.getKey(), e.getValue());
        }
    }

    private void check(int ifindex, Entry entry) {
        if (entry.hook() == null) {
            entries.put(ifindex, attach(ifindex, entry.name()));
            return;
        }
        boolean intact;
        try {
            intact = entry.hook().isIntact();
        } catch (RuntimeException e) {
            LOG.debug("cannot check the hooks on {} (ifindex {}): {}", entry.name(), ifindex, e.getMessage());
            return; // e.g. the interface is being deleted; its DELETED event follows
        }
        if (!intact) {
            LOG.warn("our programs on {} (ifindex {}) were removed by someone else; attaching them again",
                    entry.name(), ifindex);
            detachQuietly(entry, ifindex);
            entries.put(ifindex, attach(ifindex, entry.name()));
        }
    }

    private Entry attach(int ifindex, String name) {
        try {
            InterfaceHook hook = attacher.attach(ifindex);
            LOG.info("hooked {} (ifindex {}{}) as {}", name, ifindex,
                    selector.isDataInterface(name) ? ", data interface" : "", hook.mode());
            return new Entry(name, hook, selector.isDataInterface(name) ? null : attachPodSide(ifindex, name));
        } catch (RuntimeException e) {
            LOG.error("cannot hook {} (ifindex {}): {}; will retry", name, ifindex, e.getMessage());
            return new Entry(name, null);
        }
    }

    /** The pod-side hook of a pod interface, or null: without it only peer redirects go unseen. */
    private PodSideHook attachPodSide(int ifindex, String name) {
        try {
            PodSideHook podSide = attacher.attachPodSide(ifindex).orElse(null);
            if (podSide == null) {
                LOG.debug("{}: its far end is in no namespace under /var/run/netns; peer redirects into it go unseen", name);
            } else {
                LOG.info("hooked the pod side of {}: ifindex {} in {}", name, podSide.peer().ifindex(), podSide.peer().namespace());
            }
            return podSide;
        } catch (RuntimeException e) {
            LOG.warn("cannot hook the pod side of {} (ifindex {}): {}; peer redirects into it go unseen", name, ifindex,
                    e.getMessage());
            return null;
        }
    }

    private static void detachQuietly(Entry entry, int ifindex) {
        if (entry.podSide() != null) {
            try {
                entry.podSide().close();
            } catch (RuntimeException e) {
                LOG.debug("detaching from the pod side of {} (ifindex {}): {}", entry.name(), ifindex, e.getMessage());
            }
        }
        if (entry.hook() == null) {
            return;
        }
        try {
            entry.hook().close();
        } catch (RuntimeException e) {
            LOG.debug("detaching from {} (ifindex {}): {}", entry.name(), ifindex, e.getMessage());
        }
    }

    /** Names of the interfaces that carry our programs now, by ifindex. */
    synchronized Map<Integer, String> hooked() {
        Map<Integer, String> result = new HashMap<>();
        entries.forEach((ifindex, entry) -> {
            if (entry.hook() != null) {
                result.put(ifindex, entry.name());
            }
        });
        return result;
    }

    /** Names of the selected interfaces whose attachment failed (retried on reconcile). */
    synchronized List<String> notHooked() {
        return entries.values().stream().filter(e -> e.hook() == null).map(Entry::name).sorted().toList();
    }

    /** Whether an interface with this name is hooked. */
    synchronized boolean isHooked(String name) {
        return entries.values().stream().anyMatch(e -> e.hook() != null && e.name().equals(name));
    }

    /** Detaches everything of ours, and nothing else. */
    @Override
    public synchronized void close() {
        closed = true;
        List<String> detached = new ArrayList<>();
        entries.forEach((ifindex, entry) -> {
            if (entry.hook() != null) {
                detachQuietly(entry, ifindex);
                detached.add(entry.name());
            }
        });
        entries.clear();
        LOG.info("detached from {} interface(s): {}", detached.size(), detached);
    }
}
