package dev.pulse.bench;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import dev.pulse.hooks.PreemptionHooks;
import dev.pulse.tier.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How long a checkpointed hog really keeps its carrier per poll, against the 1 ms slice it is
 * given, when each of its checkpoints stands for {@code --unit-micros} of work; and how late light
 * threads beside it wake. Four hogs and 20 light threads (5 ms sleeps) on 2 carriers, measured
 * after a second of the same load: the hogs' poll lengths (p50, p99, max) and the lights' lateness
 * from each due wake-up, every missed wake-up counted (p50, p99, max).
 *
 * <p>A fixed grant of checkpoint units makes the time check come after that many checkpoints,
 * whatever each one costs: with 4000 units and 20 µs per unit, 80 ms. Run it at two commits to see
 * what a change to the grants does.
 *
 * {@snippet lang = "shell" :
 * java --add-opens java.base/java.lang=ALL-UNNAMED \
 *   -cp pulse-bench/target/benchmarks.jar dev.pulse.bench.SliceLength --unit-micros 20 --seconds 5
 * }
 */
public final class SliceLength {

    private static final String USAGE = """
            usage: SliceLength [--unit-micros N] [--seconds N]
              --unit-micros  work between two checkpoints in microseconds, 0 (a tight loop) to 1000 (default 20)
              --seconds      how long to measure, after 1 s of warm-up, 1 to 600 (default 5)
            prints: one line: hog poll p50/p99/max and light lateness p50/p99/max, in ms""";

    private static final int CARRIERS = 2;
    private static final int HOGS = 4;
    private static final int LIGHTS = 20;
    private static final long LIGHT_PERIOD_NANOS = 5_000_000;
    private static final int MAX_SAMPLES = 2_000_000;

    private SliceLength() {}

    /**
     * Runs the measurement.
     *
     * @param args {@code --unit-micros N}, {@code --seconds N}, or {@code --help}
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        int unitMicros = 20;
        int seconds = 5;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--help", "-h" -> {
                        System.out.println(USAGE);
                        return;
                    }
                    case "--unit-micros" -> unitMicros = CliOptions.number(args, ++i, "--unit-micros", 0, 1_000);
                    case "--seconds" -> seconds = CliOptions.number(args, ++i, "--seconds", 1, 600);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (IllegalArgumentException e) {
            CliOptions.refuse(e, USAGE);
            return;
        }
        Samples polls = new Samples();
        Samples lateness = new Samples();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        PreemptionHooks hooks = new PreemptionHooks() {
            @Override
            public void beforePoll(TaskState task) {}

            @Override
            public void afterPoll(TaskState task, long pollNanos) {
                if (measuring.get() && task.name().startsWith("hog-")) {
                    polls.add(pollNanos);
                }
            }

            @Override
            public void onYield(TaskState task) {}
        };
        long unitNanos = unitMicros * 1_000L;
        try (PulseRuntime pulse = Pulse.builder()
                .name("slice-length")
                .carriers(CARRIERS)
                .hooks(hooks)
                .build()) {
            List<Thread> threads = new ArrayList<>();
            long first = System.nanoTime() + 20_000_000;
            for (int i = 0; i < LIGHTS; i++) {
                long slot = first + i * LIGHT_PERIOD_NANOS / LIGHTS;
                threads.add(pulse.ofVirtual().name("light-" + i).start(() -> light(slot, measuring, stop, lateness)));
            }
            for (int i = 0; i < HOGS; i++) {
                threads.add(pulse.ofVirtual().name("hog-" + i).start(() -> hog(unitNanos, stop)));
            }
            Thread.sleep(1_000);
            measuring.set(true);
            Thread.sleep(Duration.ofSeconds(seconds));
            measuring.set(false);
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
        }
        System.out.println(String.format(
                Locale.ROOT,
                "unit %d us: hog polls %d  p50 %.3f  p99 %.3f  max %.3f ms | light lateness %d  p50 %.3f  p99 %.3f  max %.3f ms",
                unitMicros,
                polls.count(),
                polls.millisAt(0.50),
                polls.millisAt(0.99),
                polls.millisAt(1.0),
                lateness.count(),
                lateness.millisAt(0.50),
                lateness.millisAt(0.99),
                lateness.millisAt(1.0)));
    }

    /** Work with a checkpoint every {@code unitNanos} (busy, on the clock), until {@code stop}. */
    private static void hog(long unitNanos, AtomicBoolean stop) {
        long x = 1;
        while (!stop.get()) {
            long until = System.nanoTime() + unitNanos;
            do {
                x = x * 6364136223846793005L + 1442695040888963407L;
            } while (unitNanos > 0 && System.nanoTime() < until);
            Pulse.checkpoint();
        }
        if (x == 42) {
            System.out.print(""); // keeps x alive
        }
    }

    /** Wakes every 5 ms on a fixed schedule; each wake-up's lateness, and each one it missed. */
    private static void light(long slot, AtomicBoolean measuring, AtomicBoolean stop, Samples lateness) {
        long due = slot;
        while (!stop.get()) {
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(Duration.ofNanos(wait));
                } catch (InterruptedException e) {
                    return;
                }
            }
            long late = Math.max(0, System.nanoTime() - due);
            long missed = late / LIGHT_PERIOD_NANOS;
            if (measuring.get()) {
                for (long k = 0; k <= missed; k++) { // the wake-ups it missed were late too
                    lateness.add(late - k * LIGHT_PERIOD_NANOS);
                }
            }
            due += (missed + 1) * LIGHT_PERIOD_NANOS;
        }
    }

    /** Nanosecond samples from many threads; the first {@value #MAX_SAMPLES} are kept. */
    private static final class Samples {
        private final long[] values = new long[MAX_SAMPLES];
        private int size;

        synchronized void add(long nanos) {
            if (size < values.length) {
                values[size++] = nanos;
            }
        }

        synchronized int count() {
            return size;
        }

        synchronized double millisAt(double quantile) {
            if (size == 0) {
                return 0;
            }
            long[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            int index = (int) Math.min(size - 1, Math.round(quantile * (size - 1)));
            return sorted[index] / 1e6;
        }
    }
}
