package dev.pulse.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The 100 ms snapshot cache that a runtime's JMX view and Micrometer binder share. */
class SnapshotCacheTest {

    @Test
    void aSnapshotIsReusedForUpTo100MsThenTakenAgain() {
        long[] now = {0};
        AtomicInteger taken = new AtomicInteger();
        try (PulseRuntime pulse = Pulse.builder().name("cache").carriers(1).build()) {
            Supplier<PulseMetrics> source = () -> {
                taken.incrementAndGet();
                return pulse.metrics();
            };
            SnapshotCache cache = new SnapshotCache(source, () -> now[0]);
            PulseMetrics first = cache.get();
            now[0] += SnapshotCache.MAX_AGE_NANOS - 1;
            assertThat(cache.get()).isSameAs(first);
            now[0] += 1;
            assertThat(cache.get()).as("100 ms old: taken again").isNotSameAs(first);
            assertThat(taken).hasValue(2);
        }
    }
}
