package dev.pulse.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A log-linear histogram of non-negative {@code long} values (nanoseconds, typically): 8
 * sub-buckets per power of two, so any value is reported within 12.5 % of itself. Fixed size (4
 * KiB), no allocation when recording.
 *
 * <p><b>Threading.</b> One writer ({@link #record(long)} with opaque stores, Rust's {@code
 * Relaxed}); any number of readers ({@link #addTo(long[])}, opaque loads), which may see a count
 * without its neighbour, never a torn value. Pulse keeps one per carrier, like HdrHistogram's
 * {@code SingleWriterRecorder}, and merges them for a snapshot.
 *
 * {@snippet class=dev.pulse.snippets.MetricsSnippets region=histogram}
 */
public final class LogHistogram {

    private static final int SUB_BITS = 3;
    private static final int SUB_COUNT = 1 << SUB_BITS;

    /** Buckets per histogram. */
    public static final int BUCKETS = (64 - SUB_BITS) * SUB_COUNT;

    private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);

    private static final VarHandle SUM;

    static {
        try {
            SUM = MethodHandles.lookup().findVarHandle(LogHistogram.class, "sum", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long[] counts = new long[BUCKETS];

    /** Sum of recorded values. Single writer: opaque. */
    @SuppressWarnings("unused") // through SUM
    private long sum;

    /** Creates an empty histogram. */
    public LogHistogram() {}

    /**
     * The bucket a value falls in.
     *
     * @param value a value; negative values count as 0
     * @return the bucket index, 0 to {@link #BUCKETS} - 1
     */
    public static int bucketOf(long value) {
        if (value < SUB_COUNT) {
            return (int) Math.max(0, value);
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value); // >= SUB_BITS
        int sub = (int) (value >>> (exponent - SUB_BITS)) & (SUB_COUNT - 1);
        return (exponent - SUB_BITS + 1) * SUB_COUNT + sub;
    }

    /**
     * The largest value that falls in a bucket.
     *
     * @param bucket a bucket index
     * @return its upper bound, inclusive
     */
    public static long upperBound(int bucket) {
        if (bucket < SUB_COUNT) {
            return bucket;
        }
        int exponent = bucket / SUB_COUNT + SUB_BITS - 1;
        int sub = bucket % SUB_COUNT;
        long lower = (long) (SUB_COUNT + sub) << (exponent - SUB_BITS);
        long width = 1L << (exponent - SUB_BITS);
        return lower + width - 1;
    }

    /**
     * Records a value. Single writer.
     *
     * @param value the value
     */
    public void record(long value) {
        record(value, 1);
    }

    /**
     * Records a value that stands for {@code count} values: a sample drawn one in {@code count}
     * keeps the counts, the sum and the percentiles unbiased. Single writer.
     *
     * @param value the value
     * @param count how many values it stands for, at least 1
     */
    public void record(long value, int count) {
        int b = bucketOf(value);
        COUNTS.setOpaque(counts, b, (long) COUNTS.getOpaque(counts, b) + count);
        SUM.setOpaque(this, (long) SUM.getOpaque(this) + Math.max(0, value) * count);
    }

    /**
     * The sum of recorded values (negative ones count as 0). Any thread.
     *
     * @return the sum
     */
    public long sum() {
        return (long) SUM.getOpaque(this);
    }

    /**
     * Adds this histogram's counts into {@code into}. Any thread.
     *
     * @param into an array of {@link #BUCKETS} counts
     */
    public void addTo(long[] into) {
        for (int i = 0; i < BUCKETS; i++) {
            into[i] += (long) COUNTS.getOpaque(counts, i);
        }
    }

    /**
     * The value at a quantile of merged counts.
     *
     * @param counts merged counts ({@link #BUCKETS} of them)
     * @param quantile 0 to 1
     * @return the upper bound of the bucket holding the quantile, 0 if there are no counts
     */
    public static long valueAtQuantile(long[] counts, double quantile) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return upperBound(i);
            }
        }
        return upperBound(counts.length - 1);
    }

    /**
     * How many values of merged counts fall in buckets from the one holding {@code threshold} up
     * (the slow polls, for the slow-poll threshold). Within a bucket's width of exact.
     *
     * @param counts merged counts
     * @param threshold the smallest value to count
     * @return the count
     */
    public static long countFrom(long[] counts, long threshold) {
        long n = 0;
        for (int b = bucketOf(threshold); b < counts.length; b++) {
            n += counts[b];
        }
        return n;
    }

    /**
     * The total of merged counts.
     *
     * @param counts merged counts
     * @return their sum
     */
    public static long total(long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }
}
