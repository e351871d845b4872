package dev.pulse.metrics;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the polls of a runtime took: wall time per poll and the scheduling delay before each (ready
 * to running), as {@link LogHistogram} counts, with the totals and the slow-poll threshold that
 * give them meaning. Counts and percentiles are derived from the histograms; percentiles are
 * within 12.5 %.
 *
 * {@snippet class=dev.pulse.snippets.MetricsSnippets region=polls}
 *
 * @param totalNanos wall time of all polls
 * @param delayTotalNanos scheduling delay of all polls
 * @param slowThresholdNanos the slow-poll threshold in force
 * @param histogram poll-time counts per {@link LogHistogram} bucket (a copy)
 * @param delayHistogram scheduling-delay counts per {@link LogHistogram} bucket (a copy)
 */
@SuppressWarnings("ArrayRecordComponent") // copied in and out; equals compares contents
public record PollStats(
        long totalNanos, long delayTotalNanos, long slowThresholdNanos, long[] histogram, long[] delayHistogram) {

    /**
     * Copies the histograms so the record is immutable.
     *
     * @throws IllegalArgumentException if a histogram does not have {@link LogHistogram#BUCKETS} buckets
     */
    public PollStats {
        if (histogram.length != LogHistogram.BUCKETS || delayHistogram.length != LogHistogram.BUCKETS) {
            throw new IllegalArgumentException("histograms need " + LogHistogram.BUCKETS + " buckets, got "
                    + histogram.length + " and " + delayHistogram.length);
        }
        histogram = histogram.clone();
        delayHistogram = delayHistogram.clone();
    }

    /**
     * Poll-time counts per bucket.
     *
     * @return a copy
     */
    @Override
    public long[] histogram() {
        return histogram.clone();
    }

    /**
     * Scheduling-delay counts per bucket.
     *
     * @return a copy
     */
    @Override
    public long[] delayHistogram() {
        return delayHistogram.clone();
    }

    /**
     * Polls run.
     *
     * @return the count
     */
    public long count() {
        return LogHistogram.total(histogram);
    }

    /**
     * Polls at or past {@link #slowThresholdNanos()} (within a bucket's width).
     *
     * @return the count
     */
    public long slow() {
        return LogHistogram.countFrom(histogram, slowThresholdNanos);
    }

    /**
     * Median poll time.
     *
     * @return nanoseconds
     */
    public long p50Nanos() {
        return LogHistogram.valueAtQuantile(histogram, 0.50);
    }

    /**
     * 99th-percentile poll time.
     *
     * @return nanoseconds
     */
    public long p99Nanos() {
        return LogHistogram.valueAtQuantile(histogram, 0.99);
    }

    /**
     * Longest poll (its bucket's upper bound).
     *
     * @return nanoseconds
     */
    public long maxNanos() {
        return LogHistogram.valueAtQuantile(histogram, 1.0);
    }

    /**
     * Median scheduling delay.
     *
     * @return nanoseconds
     */
    public long delayP50Nanos() {
        return LogHistogram.valueAtQuantile(delayHistogram, 0.50);
    }

    /**
     * 99th-percentile scheduling delay.
     *
     * @return nanoseconds
     */
    public long delayP99Nanos() {
        return LogHistogram.valueAtQuantile(delayHistogram, 0.99);
    }

    /**
     * Longest scheduling delay (its bucket's upper bound).
     *
     * @return nanoseconds
     */
    public long delayMaxNanos() {
        return LogHistogram.valueAtQuantile(delayHistogram, 1.0);
    }

    /**
     * The polls between {@code earlier} and these: totals and histograms subtracted (bucket by
     * bucket), the threshold as it is now.
     *
     * @param earlier an earlier reading of the same runtime
     * @return the interval's poll statistics
     */
    public PollStats since(PollStats earlier) {
        return new PollStats(
                totalNanos - earlier.totalNanos,
                delayTotalNanos - earlier.delayTotalNanos,
                slowThresholdNanos,
                minus(histogram, earlier.histogram),
                minus(delayHistogram, earlier.delayHistogram));
    }

    private static long[] minus(long[] now, long[] then) {
        long[] d = new long[now.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.max(0, now[i] - then[i]);
        }
        return d;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PollStats p
                && totalNanos == p.totalNanos
                && delayTotalNanos == p.delayTotalNanos
                && slowThresholdNanos == p.slowThresholdNanos
                && Arrays.equals(histogram, p.histogram)
                && Arrays.equals(delayHistogram, p.delayHistogram);
    }

    @Override
    public int hashCode() {
        return Objects.hash(totalNanos, delayTotalNanos, slowThresholdNanos) * 31 + Arrays.hashCode(histogram);
    }

    @Override
    public String toString() {
        return "PollStats[count=" + count() + ", slow=" + slow() + ", p50Nanos=" + p50Nanos() + ", p99Nanos="
                + p99Nanos() + ", maxNanos=" + maxNanos() + ", delayP99Nanos=" + delayP99Nanos() + "]";
    }
}
