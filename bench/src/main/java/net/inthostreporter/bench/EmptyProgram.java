// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import net.inthostreporter.libbpf.BpfObject;

/** The bench's empty TC program (bench_empty.bpf.c), loaded: the baseline of "a program is attached". */
final class EmptyProgram implements AutoCloseable {
    private static final String RESOURCE = "/bpf/bench_empty.bpf.o";

    private final BpfObject object;

    private EmptyProgram(BpfObject object) {
        this.object = object;
    }

    static EmptyProgram load() {
        byte[] elf;
        try (InputStream in = EmptyProgram.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the bench jar (build with ./mvnw -f bench/pom.xml package)");
            }
            elf = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE, e);
        }
        BpfObject object = BpfObject.openMemory("bench_empty", elf);
        try {
            object.load();
            return new EmptyProgram(object);
        } catch (RuntimeException e) {
            object.close();
            throw e;
        }
    }

    int fd() {
        return object.programFd("bench_empty");
    }

    @Override
    public void close() {
        object.close();
    }
}
