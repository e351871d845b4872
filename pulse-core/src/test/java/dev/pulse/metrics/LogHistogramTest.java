package dev.pulse.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogHistogramTest {

    @Test
    void everyValueFallsInABucketWithinTwelvePointFivePercent() {
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            long v = r.nextLong(0, Long.MAX_VALUE >>> r.nextInt(0, 62));
            int b = LogHistogram.bucketOf(v);
            assertThat(b).isBetween(0, LogHistogram.BUCKETS - 1);
            long upper = LogHistogram.upperBound(b);
            assertThat(upper).as("value %d", v).isGreaterThanOrEqualTo(v);
            assertThat((double) upper).as("value %d", v).isLessThanOrEqualTo(Math.max(7, v * 1.125 + 1));
            if (b > 0) {
                assertThat(LogHistogram.upperBound(b - 1)).as("value %d", v).isLessThan(v);
            }
        }
        assertThat(LogHistogram.bucketOf(-5)).isZero();
        assertThat(LogHistogram.bucketOf(Long.MAX_VALUE)).isEqualTo(LogHistogram.BUCKETS - 1);
    }

    @Test
    void aSampledValueCountsForTheValuesItStandsFor() {
        LogHistogram sampled = new LogHistogram();
        LogHistogram every = new LogHistogram();
        for (int i = 0; i < 100; i++) {
            sampled.record(1_000 + i, 8);
            for (int k = 0; k < 8; k++) {
                every.record(1_000 + i);
            }
        }
        long[] a = new long[LogHistogram.BUCKETS];
        long[] b = new long[LogHistogram.BUCKETS];
        sampled.addTo(a);
        every.addTo(b);
        assertThat(a).isEqualTo(b);
        assertThat(sampled.sum()).isEqualTo(every.sum()).isEqualTo(8 * (100 * 1_000 + 4_950));
    }

    @Test
    void quantilesOfMergedHistograms() {
        LogHistogram a = new LogHistogram();
        LogHistogram b = new LogHistogram();
        for (int i = 1; i <= 99; i++) {
            a.record(1_000);
        }
        b.record(1_000_000);
        long[] merged = new long[LogHistogram.BUCKETS];
        a.addTo(merged);
        b.addTo(merged);
        assertThat(LogHistogram.total(merged)).isEqualTo(100);
        assertThat(a.sum()).isEqualTo(99_000);
        assertThat(LogHistogram.countFrom(merged, 50_000)).isEqualTo(1);
        assertThat(LogHistogram.countFrom(merged, 500)).isEqualTo(100);
        assertThat(b.sum()).isEqualTo(1_000_000);
        assertThat(LogHistogram.valueAtQuantile(merged, 0.5)).isBetween(1_000L, 1_125L);
        assertThat(LogHistogram.valueAtQuantile(merged, 0.99)).isBetween(1_000L, 1_125L);
        assertThat(LogHistogram.valueAtQuantile(merged, 1.0)).isBetween(1_000_000L, 1_125_000L);
        assertThat(LogHistogram.valueAtQuantile(new long[LogHistogram.BUCKETS], 0.5))
                .isZero();
    }

    @Test
    void concurrentReadersSeeMonotonicTotals() throws InterruptedException {
        LogHistogram h = new LogHistogram();
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 1_000_000; i++) {
                h.record(i);
            }
        });
        long last = 0;
        while (writer.isAlive()) {
            long[] snapshot = new long[LogHistogram.BUCKETS];
            h.addTo(snapshot);
            long total = LogHistogram.total(snapshot);
            assertThat(total).isGreaterThanOrEqualTo(last).isLessThanOrEqualTo(1_000_000);
            last = total;
        }
        writer.join();
        long[] fin = new long[LogHistogram.BUCKETS];
        h.addTo(fin);
        assertThat(LogHistogram.total(fin)).isEqualTo(1_000_000);
    }
}
