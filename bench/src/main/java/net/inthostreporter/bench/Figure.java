// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.bench;

/**
 * One measured figure with the baseline it was measured against in the same run.
 *
 * @param benchmark    which benchmark (datapath, throughput, pipeline, startup, hook, memory)
 * @param name         what was measured
 * @param value        the measured value (a median unless the name says otherwise)
 * @param unit         its unit
 * @param baselineName what the baseline is
 * @param baseline     the baseline's value, in the same unit
 * @param ratio        value / baseline
 * @param target       the target, as text ("" when the figure has none)
 * @param met          whether the target is met; null when the figure has no target
 * @param note         how it was measured, when the name does not say it
 */
public record Figure(String benchmark, String name, double value, String unit, String baselineName, double baseline,
                     double ratio, String target, Boolean met, String note) {

    /** A figure without a target. */
    static Figure of(String benchmark, String name, double value, String unit, String baselineName, double baseline,
                     String note) {
        return new Figure(benchmark, name, value, unit, baselineName, baseline, ratio(value, baseline), "", null, note);
    }

    /** A figure with a target and its verdict. */
    static Figure withTarget(String benchmark, String name, double value, String unit, String baselineName,
                             double baseline, String target, boolean met, String note) {
        return new Figure(benchmark, name, value, unit, baselineName, baseline, ratio(value, baseline), target, met, note);
    }

    private static double ratio(double value, double baseline) {
        return baseline == 0 ? Double.NaN : value / baseline;
    }

    String verdict() {
        return met == null ? "" : met ? "met" : "NOT met";
    }
}
