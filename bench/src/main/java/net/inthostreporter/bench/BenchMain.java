// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the benchmark suite of issue 5: each benchmark measures its baseline in the same run,
 * prints one table and writes a JSON results file. Needs root (BPF, namespaces).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "INT Host Reporter benchmarks: every figure against a baseline measured in the same run.")
public final class BenchMain implements Callable<Integer> {
    @Option(names = "--only", split = ",", paramLabel = "NAME",
            description = "Run only these: datapath, throughput, pipeline, startup, hook, collector (default: all).")
    private List<String> only = List.of();

    @Option(names = "--project", paramLabel = "DIR", defaultValue = ".",
            description = "The repository: scripts/lab.sh, bin/int-host-reporter, target/int-host-reporter.jar.")
    private Path project;

    @Option(names = "--results", paramLabel = "DIR", defaultValue = "bench/results",
            description = "Where the JSON results file goes.")
    private Path resultsDir;

    @Option(names = "--repetitions", defaultValue = "5", description = "Repetitions per measurement (median reported).")
    private int repetitions;

    @Option(names = "--seconds", defaultValue = "3", description = "Length of one traffic run.")
    private int seconds;

    @Option(names = "--interfaces", defaultValue = "200", description = "veth creations in the hook-latency benchmark.")
    private int interfaces;

    @Option(names = "--quick", description = "3 repetitions of 1 s and 50 interfaces: a smoke run, not for the README.")
    private boolean quick;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String prefix = "ihrb" + ProcessHandle.current().pid() % 100_000;
        BenchSettings settings = quick
                ? new BenchSettings(project.toAbsolutePath().normalize(), 3, 1, 50, prefix)
                : new BenchSettings(project.toAbsolutePath().normalize(), repetitions, seconds, interfaces, prefix);
        // The test kit finds scripts/lab.sh, the launcher and the jar through this property, as under Maven.
        System.setProperty("ihr.project.dir", settings.projectDir().toString());
        Results results = new Results();
        runIf("datapath", results, () -> new DatapathCostBench(settings).run());
        runIf("throughput", results, () -> new ThroughputBench(settings).run());
        runIf("pipeline", results, () -> new PipelineBench(settings).run());
        runIf("startup", results, () -> new StartupBench(settings).run());
        runIf("hook", results, () -> new HookLatencyBench(settings).run());
        runIf(CollectorBench.NAME, results, () -> new CollectorBench(settings).run());
        System.out.println();
        results.print(System.out);
        PreviousRun.read(resultsDir).printAgainst(results.figures(), System.out);
        Path file = results.write(resultsDir);
        System.out.println("results written to " + file);
        return results.hasFailures() ? 1 : 0;
    }

    private void runIf(String name, Results results, Callable<List<Figure>> benchmark) {
        if (!only.isEmpty() && !only.contains(name)) {
            return;
        }
        System.out.println("== " + name);
        try {
            List<Figure> figures = benchmark.call();
            results.add(figures);
            figures.forEach(f -> System.out.printf("   %s: %.1f %s (baseline %.1f, ratio %.3f) %s%n", f.name(), f.value(),
                    f.unit(), f.baseline(), f.ratio(), f.verdict()));
        } catch (Exception e) {
            results.failed(name, e);
            System.out.println("   FAILED: " + e);
            e.printStackTrace(System.out);
        }
    }
}
