// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.contrib;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.inthostreporter.testkit.ProjectPaths;
import net.inthostreporter.testkit.KernelRequirement;

/**
 * Debian's tshark with contrib/wireshark/int_report.lua loaded. When the tests run as root,
 * tshark runs as nobody through setpriv: a dissector needs no rights, and tshark as root warns
 * that running dissectors as root is dangerous (and Wireshark may refuse user Lua scripts to
 * root). Run unprivileged, tshark must print nothing on stderr: a Lua error would show there.
 */
final class Tshark {
    static final Path SCRIPT = ProjectPaths.root().resolve("contrib/wireshark/int_report.lua");
    private static final Path TSHARK = Path.of("/usr/bin/tshark");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    private Tshark(Path dir) {
        this.dir = dir;
    }

    /**
     * Decodes files of {@code dir}, which is made readable to the unprivileged user. Skips (fails
     * in CI) when tshark is missing.
     */
    static Tshark in(Path dir) throws IOException {
        KernelRequirement.require(Files.isExecutable(TSHARK), "needs tshark (scripts/setup.sh installs it)");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new Tshark(dir);
    }

    /** Makes a file (e.g. a capture written by root) readable to the unprivileged tshark. */
    static void makeReadable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    /**
     * {@code tshark -T json}: per frame, its {@code int_report} nodes, one per datagram (none if
     * not decoded as INT; several when a UDP GSO packet holds several datagrams).
     */
    List<List<JsonNode>> reportLayers(Path capture, String... options) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(options));
        args.addAll(List.of("-T", "json", "--no-duplicate-keys"));
        JsonNode frames = JSON.readTree(run(capture, args));
        List<List<JsonNode>> layers = new ArrayList<>();
        for (JsonNode frame : frames) {
            layers.add(all(frame.path("_source").path("layers"), "int_report"));
        }
        return layers;
    }

    /** {@code tshark -T fields -e F...}: per frame, per field, its occurrences. */
    List<List<List<String>>> fields(Path capture, List<String> options, String... fields) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(options);
        args.addAll(List.of("-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=|"));
        for (String field : fields) {
            args.addAll(List.of("-e", field));
        }
        List<List<List<String>>> rows = new ArrayList<>();
        for (String line : run(capture, args).split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            List<List<String>> row = new ArrayList<>();
            for (String cell : line.split("\t", -1)) {
                row.add(cell.isEmpty() ? List.of() : List.of(cell.split("\\|", -1)));
            }
            rows.add(row);
        }
        return rows;
    }

    private String run(Path capture, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            command.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        // The script is copied next to the capture so that the unprivileged user can read it.
        Path script = dir.resolve("int_report.lua");
        Files.copy(SCRIPT, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        makeReadable(script);
        command.addAll(List.of(TSHARK.toString(), "-n", "-X", "lua_script:" + script, "-r", capture.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("HOME", dir.toString()); // nobody's home does not exist
        Path stderr = Files.createTempFile("tshark", ".err");
        builder.redirectError(stderr.toFile());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("tshark did not finish within 60 s: " + command);
        }
        String err = Files.readString(stderr).strip();
        Files.delete(stderr);
        if (process.exitValue() != 0 || !err.isEmpty()) {
            throw new AssertionError("tshark " + String.join(" ", args) + ": exit " + process.exitValue()
                    + (err.isEmpty() ? "" : ", stderr: " + err));
        }
        return out;
    }

    /** The children of {@code parent} named {@code key}: none, one object, or each element of an array. */
    static List<JsonNode> all(JsonNode parent, String key) {
        JsonNode node = parent.path(key);
        if (node.isMissingNode()) {
            return List.of();
        }
        if (node.isArray()) {
            List<JsonNode> list = new ArrayList<>();
            node.forEach(list::add);
            return list;
        }
        return List.of(node);
    }

    /** The text of one field, failing with the node when it is absent. */
    static String text(JsonNode parent, String key) {
        JsonNode node = parent.get(key);
        if (node == null || !node.isValueNode()) {
            throw new AssertionError("no single " + key + " in " + parent);
        }
        return node.asText();
    }
}
