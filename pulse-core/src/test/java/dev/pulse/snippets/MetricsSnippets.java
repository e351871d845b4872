package dev.pulse.snippets;

import dev.pulse.PulseRuntime;
import dev.pulse.metrics.LogHistogram;
import dev.pulse.metrics.PulseMetrics;

/** Compiled examples for the Javadoc of {@code dev.pulse.metrics}. */
final class MetricsSnippets {
    private MetricsSnippets() {}

    static long histogram() {
        // @start region=histogram
        LogHistogram h = new LogHistogram(); // one writer
        h.record(1_500);
        h.record(40_000);
        long[] merged = new long[LogHistogram.BUCKETS]; // any reader
        h.addTo(merged);
        long p99 = LogHistogram.valueAtQuantile(merged, 0.99); // about 40 µs
        // @end
        return p99;
    }

    static PulseMetrics snapshot(PulseRuntime pulse) {
        // @start region=snapshot
        PulseMetrics m = pulse.metrics();
        System.out.printf(
                "polls=%d slow=%d p99=%d us yields=%d handoffs=%d%n",
                m.polls(), m.slowPolls(), m.pollP99Nanos() / 1000, m.forcedYields(), m.handoffs());
        // @end
        return m;
    }
}
