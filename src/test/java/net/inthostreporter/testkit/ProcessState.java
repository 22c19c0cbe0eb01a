// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.inthostreporter.datapath.Datapath;
import net.inthostreporter.datapath.DatapathCounter;
import net.inthostreporter.testkit.TestNamespace;

/**
 * What a running agent holds, read from outside like an operator would: open file descriptors,
 * threads and resident memory from /proc/PID, and the contents of its BPF maps through
 * {@code bpftool}, found by the map ids in /proc/PID/fdinfo (map ids are global, so this works
 * whichever namespace the agent runs in, and never confuses two agents).
 */
public final class ProcessState {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One sample of the process. */
    public record Sample(int fds, int threads, long rssKb) {
    }

    private final long pid;

    public ProcessState(long pid) {
        this.pid = pid;
    }

    public Sample sample() {
        return new Sample(count(proc("fd")), count(proc("task")), rssKb());
    }

    private Path proc(String name) {
        return Path.of("/proc", Long.toString(pid), name);
    }

    private static int count(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return (int) entries.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long rssKb() {
        try {
            for (String line : Files.readAllLines(proc("status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no VmRSS in /proc/" + pid + "/status");
    }

    /** Entries in the agent's ingress-record map. */
    public int records() {
        return dump(mapId(Datapath.RECORDS_MAP)).size();
    }

    /** A datapath counter summed over the CPUs. */
    public long counter(DatapathCounter counter) {
        for (JsonNode entry : dump(mapId(Datapath.COUNTERS_MAP))) {
            JsonNode formatted = entry.get("formatted");
            if (formatted.get("key").asInt() == counter.ordinal()) {
                long sum = 0;
                for (JsonNode cpu : formatted.get("values")) {
                    sum += cpu.get("value").asLong();
                }
                return sum;
            }
        }
        throw new IllegalStateException("no slot " + counter.ordinal() + " in " + Datapath.COUNTERS_MAP);
    }

    private int mapId(String name) {
        for (int id : mapIds()) {
            Optional<String> shown = bpftoolJson("map", "show", "id", Integer.toString(id)).map(n -> n.get("name").asText());
            if (shown.filter(name::equals).isPresent()) {
                return id;
            }
        }
        throw new IllegalStateException("agent " + pid + " holds no map named " + name);
    }

    private List<Integer> mapIds() {
        List<Integer> ids = new ArrayList<>();
        try (Stream<Path> infos = Files.list(proc("fdinfo"))) {
            for (Path info : infos.toList()) {
                try {
                    for (String line : Files.readAllLines(info)) {
                        if (line.startsWith("map_id:")) {
                            ids.add(Integer.parseInt(line.substring("map_id:".length()).strip()));
                        }
                    }
                } catch (IOException gone) {
                    // the fd was closed between the listing and the read
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ids;
    }

    private static JsonNode dump(int mapId) {
        return bpftoolJson("map", "dump", "id", Integer.toString(mapId))
                .orElseThrow(() -> new IllegalStateException("map id " + mapId + " is gone"));
    }

    private static Optional<JsonNode> bpftoolJson(String... args) {
        List<String> command = new ArrayList<>(List.of("bpftool", "-j"));
        command.addAll(List.of(args));
        try {
            return Optional.of(JSON.readTree(TestNamespace.run(command)));
        } catch (IllegalStateException notThere) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
