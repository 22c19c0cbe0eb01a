// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.topology;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import net.inthostreporter.collector.DurationConverter;
import net.inthostreporter.config.YamlFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code int-host-reporter topology --deepinsight}: asks each node's agent for its
 * {@code /api/v1/topology} and writes the topology file DeepInsight needs, which users of the
 * previous tool wrote by hand or with a script that also needed the cluster's API.
 */
@Command(name = "topology", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Reads each node agent's /api/v1/topology and writes the DeepInsight topology file: one switch "
                + "per node (its INT switch id, its interfaces' ifindexes as ports), the pod and node subnets behind "
                + "its interfaces, and the fabric switches and hosts of an optional YAML file.",
                "Bad flags or files: one line and exit status 2; a node that cannot be read: exit status 1."})
public final class TopologyCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    private CommandSpec spec;

    @Option(names = "--deepinsight", required = true,
            description = "Write DeepInsight's topology JSON (the only format so far; required so that others can follow).")
    private boolean deepInsight;

    @Option(names = "--node", paramLabel = "[NAME=]URL",
            description = "A node's agent API, e.g. http://10.0.0.11:4048 or device:node1=http://10.0.0.11:4048 "
                    + "(default name: device:<node IP>). Repeatable.")
    private List<String> nodes = new ArrayList<>();

    @Option(names = "--nodes-file", paramLabel = "FILE",
            description = "A file with one [NAME=]URL per line ('#' comments), e.g. from kubectl get nodes.")
    private Path nodesFile;

    @Option(names = "--fabric", paramLabel = "FILE",
            description = "YAML file of the fabric switches, their ports toward nodes and hosts (README, \"DeepInsight topology\").")
    private Path fabricFile;

    @Option(names = "--pod-prefix-length", paramLabel = "N",
            description = "Widen IPv4 pod prefixes to /N (e.g. 26 for Calico's address blocks); default: as routed (a /32 per pod).")
    private Integer podPrefixLength;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here instead of standard output.")
    private Path output;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "How long to wait for each node. Default: ${DEFAULT-VALUE}.")
    private Duration timeout;

    @Override
    public Integer call() throws Exception {
        List<NodeList.Entry> entries = entries();
        Fabric fabric = fabric();
        if (podPrefixLength != null && (podPrefixLength < 1 || podPrefixLength > 32)) {
            throw bad("--pod-prefix-length", podPrefixLength + " is not in 1..32");
        }
        List<NodeTopology> read = new ArrayList<>();
        PrintWriter err = spec.commandLine().getErr();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build()) {
            for (NodeList.Entry entry : entries) {
                try {
                    read.add(fetch(client, entry));
                } catch (IOException | IllegalArgumentException e) {
                    err.println(spec.qualifiedName() + ": cannot read " + entry.topology() + ": " + e.getMessage());
                    err.flush();
                    return 1;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 1;
                }
            }
        }
        DeepInsightTopology topology;
        try {
            topology = DeepInsightTopology.build(read, fabric,
                    podPrefixLength == null ? OptionalInt.empty() : OptionalInt.of(podPrefixLength));
        } catch (IllegalArgumentException e) {
            throw bad("--fabric", fabricFile + ":" + e.getMessage());
        }
        String text = JSON.writeValueAsString(topology) + System.lineSeparator();
        if (output == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            Files.writeString(output, text, StandardCharsets.UTF_8);
        }
        return 0;
    }

    private List<NodeList.Entry> entries() {
        List<NodeList.Entry> entries = new ArrayList<>();
        for (String node : nodes) {
            try {
                entries.add(NodeList.entry(node));
            } catch (IllegalArgumentException e) {
                throw bad("--node", e.getMessage());
            }
        }
        if (nodesFile != null) {
            List<String> lines;
            try {
                lines = Files.readAllLines(nodesFile, StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw bad("--nodes-file", nodesFile + ": cannot read: " + e.getMessage());
            }
            try {
                entries.addAll(NodeList.parse(lines));
            } catch (IllegalArgumentException e) {
                throw bad("--nodes-file", nodesFile + ":" + e.getMessage());
            }
        }
        if (entries.isEmpty()) {
            throw bad("--node", "no node given (--node URL, or --nodes-file FILE)");
        }
        return entries;
    }

    private Fabric fabric() {
        if (fabricFile == null) {
            return Fabric.NONE;
        }
        try {
            return FabricParser.parse(fabricFile);
        } catch (YamlFile.Problem p) {
            throw bad("--fabric", p.getMessage());
        }
    }

    private NodeTopology fetch(HttpClient client, NodeList.Entry entry) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(entry.topology()).timeout(timeout).GET().build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode());
        }
        NodeTopology anonymous = NodeTopology.parse("", response.body(), entry.topology().toString());
        String name = entry.name().orElse("device:" + anonymous.ip());
        return new NodeTopology(name, anonymous.switchId(), anonymous.links());
    }

    private ParameterException bad(String flag, String problem) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + flag + "': " + problem,
                spec.findOption(flag), null);
    }
}
