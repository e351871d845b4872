package dev.pulse.metrics;

import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A runtime's metrics snapshot, reused for up to 100 ms: what JMX and Micrometer read, so that
 * frequent readers (a scrape, a JMX console, {@code pulse top}) share one snapshot and see one
 * consistent view. Thread-safe; the snapshot is taken on the reader's thread, never on a carrier.
 *
 * {@snippet class=dev.pulse.snippets.MetricsSnippets region=cache}
 */
public final class SnapshotCache implements Supplier<PulseMetrics> {

    /** How long a snapshot is reused: 100 ms. */
    public static final long MAX_AGE_NANOS = 100_000_000L;

    private final Supplier<PulseMetrics> source;
    private final LongSupplier clock;
    private PulseMetrics cached;
    private long takenAt;

    /**
     * Creates a cache.
     *
     * @param source takes a fresh snapshot
     */
    public SnapshotCache(Supplier<PulseMetrics> source) {
        this(source, System::nanoTime);
    }

    SnapshotCache(Supplier<PulseMetrics> source, LongSupplier clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.clock = clock;
    }

    /**
     * The cached snapshot, or a fresh one if it is older than {@link #MAX_AGE_NANOS}.
     *
     * @return the snapshot
     */
    @Override
    public synchronized PulseMetrics get() {
        long now = clock.getAsLong();
        if (cached == null || now - takenAt >= MAX_AGE_NANOS) {
            cached = source.get();
            takenAt = now;
        }
        return cached;
    }
}
