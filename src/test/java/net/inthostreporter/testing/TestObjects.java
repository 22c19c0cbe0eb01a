// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The BPF objects compiled from src/test/bpf (target/test-classes/bpf/NAME.bpf.o). */
public final class TestObjects {
    private TestObjects() {
    }

    /** The ELF bytes of {@code NAME.bpf.o}, read as a class-path resource like the agent reads its own. */
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

    /** A 64-byte Ethernet frame with this EtherType (MACs 02:..:02 -> 02:..:01), zero payload. */
    public static byte[] ethernetFrame(int etherType) {
        byte[] frame = new byte[64];
        frame[0] = 0x02;
        frame[5] = 0x01;
        frame[6] = 0x02;
        frame[11] = 0x02;
        frame[12] = (byte) (etherType >> 8);
        frame[13] = (byte) etherType;
        return frame;
    }
}
