// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The BPF objects compiled from src/test/bpf (target/test-classes/bpf/NAME.bpf.o). */
public final class TestObjects {
    private TestObjects() {
    }

    /**
     * The ELF bytes of {@code NAME.bpf.o}, read as a class-path resource like the agent reads its
     * own (they ship in the test jar, so the benchmarks find them too).
     */
    public static byte[] bytes(String name) {
        String resource = "/bpf/" + name + ".bpf.o";
        try (InputStream in = TestObjects.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test BPF object " + resource + " (was src/test/bpf compiled?)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file path of {@code NAME.bpf.o}, for tools such as tc. */
    public static Path path(String name) {
        String project = System.getProperty("ihr.project.dir", ".");
        return Path.of(project, "target", "test-classes", "bpf", name + ".bpf.o").toAbsolutePath();
    }
}
