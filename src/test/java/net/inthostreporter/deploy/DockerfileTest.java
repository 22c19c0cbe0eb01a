// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine here, so the image is checked by reading its Dockerfile: a build stage with
 * a JDK 25, clang and libbpf-dev running the Maven wrapper; a runtime stage on a Java 25 JRE
 * that adds libbpf1 and nothing else, and starts the launcher with the jar where it looks.
 */
class DockerfileTest {
    private static Dockerfile dockerfile;

    @BeforeAll
    static void read() throws IOException {
        dockerfile = Dockerfile.read(ProjectFiles.root().resolve("Dockerfile"));
    }

    @Test
    void buildsWithAJdkAndClangThroughTheMavenWrapper() {
        assertEquals(2, dockerfile.stages().size(), dockerfile.stages().toString());
        Dockerfile.Stage build = dockerfile.stages().getFirst();
        assertTrue(build.image().matches("eclipse-temurin:25-jdk.*"), build.image());
        assertTrue(build.aptPackages().containsAll(List.of("clang", "libbpf-dev")), build.aptPackages().toString());
        assertTrue(build.arguments("RUN").stream().anyMatch(r -> r.contains("./mvnw -B -ntp package -DskipTests")),
                build.arguments("RUN").toString());
    }

    @Test
    void runsOnAJreWithLibbpfAndNoCompilerOrNetworkTools() {
        Dockerfile.Stage runtime = dockerfile.last();
        assertTrue(runtime.image().matches("eclipse-temurin:25-jre.*"), runtime.image());
        assertEquals(List.of("libbpf1"), runtime.aptPackages());
        String everything = runtime.instructions().toString();
        for (String tool : List.of("clang", "gcc", "llvm", "build-essential", "iproute2", "libbpf-dev", "bpftool")) {
            assertFalse(everything.contains(tool), tool + " in the runtime stage: " + everything);
        }
    }

    @Test
    void copiesOnlyTheLauncherItsJvmOptionsAndTheJarFromTheBuildStage() {
        Dockerfile.Stage runtime = dockerfile.last();
        String buildStage = dockerfile.stages().getFirst().name();
        assertEquals(List.of(
                "--from=" + buildStage + " /src/bin/int-host-reporter /opt/int-host-reporter/bin/int-host-reporter",
                "--from=" + buildStage + " /src/bin/jvm.options /opt/int-host-reporter/bin/jvm.options",
                "--from=" + buildStage + " /src/target/int-host-reporter.jar /opt/int-host-reporter/lib/int-host-reporter.jar"),
                runtime.arguments("COPY"));
    }

    /**
     * The files the launcher looks for, by the rules in its own text, exist in the image: its
     * jvm.options beside it, the jar in ../lib, and the AOT cache named after the jar, written in
     * the runtime stage (a cache serves only the java that made it) with the same options.
     */
    @Test
    void theImageHoldsEveryFileTheLauncherLooksFor() throws IOException {
        String launcher = Files.readString(ProjectFiles.root().resolve("bin/int-host-reporter"));
        assertTrue(launcher.contains("options=$here/jvm.options"), "launcher's options file");
        assertTrue(launcher.contains("\"${jar%.jar}.aot\""), "launcher's AOT cache name");
        Dockerfile.Stage runtime = dockerfile.last();
        String launcherPath = "/opt/int-host-reporter/bin/int-host-reporter";
        String dir = launcherPath.substring(0, launcherPath.lastIndexOf('/'));
        String jar = dir.substring(0, dir.lastIndexOf('/')) + "/lib/int-host-reporter.jar";
        String aot = jar.substring(0, jar.length() - ".jar".length()) + ".aot";
        List<String> copied = runtime.arguments("COPY").stream().map(c -> c.substring(c.lastIndexOf(' ') + 1)).toList();
        assertTrue(copied.containsAll(List.of(launcherPath, dir + "/jvm.options", jar)), copied.toString());
        List<String> training = runtime.arguments("RUN").stream().filter(r -> r.contains("--aot-training-run")).toList();
        assertEquals(1, training.size(), runtime.arguments("RUN").toString());
        String run = training.getFirst();
        assertTrue(run.startsWith("java ") && run.contains("-XX:AOTCacheOutput=" + aot + " ")
                && run.contains("@" + dir + "/jvm.options ") && run.contains("-jar " + jar + " "), run);
        int copyOfJar = runtime.instructions().indexOf(new Dockerfile.Instruction("COPY",
                runtime.arguments("COPY").stream().filter(c -> c.endsWith(" " + jar)).findFirst().orElseThrow()));
        int trainingRun = runtime.instructions().indexOf(new Dockerfile.Instruction("RUN", run));
        assertTrue(copyOfJar < trainingRun, "the cache is made after the jar it was trained on is in place");
        assertFalse(dockerfile.stages().getFirst().instructions().toString().contains("AOTCache"),
                "a cache made by the build stage's JDK would be ignored by the runtime's JRE");
    }

    @Test
    void theLauncherLooksForTheJarWhereTheImagePutsIt() throws IOException {
        String launcher = Files.readString(ProjectFiles.root().resolve("bin/int-host-reporter"));
        assertTrue(launcher.contains("\"$here/../lib/int-host-reporter.jar\""), "launcher does not look in ../lib");
    }

    /** The previous manifests run {@code command: ["int-host-reporter"]}: the launcher must be on PATH. */
    @Test
    void theLauncherIsOnPath() {
        List<String> env = dockerfile.last().arguments("ENV");
        assertTrue(env.stream().anyMatch(e -> e.matches("PATH=\"?/opt/int-host-reporter/bin:\\$\\{?PATH}?\"?")),
                env.toString());
    }

    @Test
    void theEntrypointIsTheLauncherInExecForm() {
        assertEquals(List.of("[\"/opt/int-host-reporter/bin/int-host-reporter\"]"), dockerfile.last().arguments("ENTRYPOINT"));
        assertEquals(List.of(), dockerfile.last().arguments("CMD"), "flags come from the manifest's environment");
    }
}
