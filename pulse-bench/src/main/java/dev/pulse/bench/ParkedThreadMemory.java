package dev.pulse.bench;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Heap bytes per parked virtual thread, on the JDK's scheduler or on Pulse: starts N virtual
 * threads that park, collects, and divides the heap they hold by N; then releases them and, on
 * Pulse, checks that no task state is left. One scheduler per JVM, so neither run inherits the
 * other's heap; compare two runs of the same build on the same machine.
 *
 * {@snippet lang = "shell" :
 * java --add-opens java.base/java.lang=ALL-UNNAMED -Xmx4g \
 *   -cp pulse-bench/target/benchmarks.jar dev.pulse.bench.ParkedThreadMemory --scheduler pulse --threads 1000000
 * }
 */
public final class ParkedThreadMemory {

    private static final String USAGE = """
            usage: ParkedThreadMemory [--scheduler jdk|pulse] [--threads N]
              --scheduler  whose virtual threads park: jdk (the default scheduler) or pulse (default pulse)
              --threads    how many park at once, 1000 to 10000000 (default 1000000)
            prints: the scheduler, the threads, and the heap bytes each parked thread holds""";

    private ParkedThreadMemory() {}

    /**
     * Runs the measurement.
     *
     * @param args {@code --scheduler jdk|pulse}, {@code --threads N}, or {@code --help}
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        String scheduler = "pulse";
        int threads = 1_000_000;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--help", "-h" -> {
                        System.out.println(USAGE);
                        return;
                    }
                    case "--scheduler" -> {
                        scheduler = CliOptions.value(args, ++i, "--scheduler");
                        if (!scheduler.equals("jdk") && !scheduler.equals("pulse")) {
                            throw new IllegalArgumentException("--scheduler must be jdk or pulse, got " + scheduler);
                        }
                    }
                    case "--threads" -> threads = CliOptions.number(args, ++i, "--threads", 1_000, 10_000_000);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (IllegalArgumentException e) {
            CliOptions.refuse(e, USAGE);
            return;
        }
        if (scheduler.equals("jdk")) {
            report(scheduler, threads, measure(Thread.ofVirtual(), threads), "n/a");
        } else {
            try (PulseRuntime pulse = Pulse.builder().name("memory").build()) {
                long bytes = measure(pulse.ofVirtual(), threads);
                // a thread's state goes when its last poll's bookkeeping ends, just after join returns
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!pulse.tasks().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                report(
                        scheduler,
                        threads,
                        bytes,
                        pulse.tasks().isEmpty() ? "none" : pulse.tasks().size() + " tasks");
            }
        }
    }

    private static void report(String scheduler, int threads, long bytes, String left) {
        System.out.printf(
                Locale.ROOT,
                "%s: %,d parked virtual threads, %,d heap bytes each; task state left after they ended: %s%n",
                scheduler,
                threads,
                bytes / threads,
                left);
    }

    /** Heap held by {@code n} parked threads from {@code builder}, in bytes. */
    private static long measure(Thread.Builder.OfVirtual builder, int n) throws InterruptedException {
        Thread[] parked = new Thread[n]; // before the baseline: the array is not the threads' cost
        AtomicBoolean release = new AtomicBoolean();
        CountDownLatch arrived = new CountDownLatch(n);
        // one thread run to its end first, so classes and the scheduler's own start are in the baseline
        builder.start(() -> {}).join();
        long before = usedHeapAfterGc();
        for (int i = 0; i < n; i++) {
            parked[i] = builder.start(() -> {
                arrived.countDown();
                while (!release.get()) {
                    LockSupport.park();
                }
            });
        }
        if (!arrived.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the threads did not all start");
        }
        // a thread that counted down may not have parked yet: wait until each is parked
        for (Thread t : parked) {
            while (t.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
        }
        long after = usedHeapAfterGc();
        release.set(true);
        for (Thread t : parked) {
            LockSupport.unpark(t);
        }
        for (Thread t : parked) {
            t.join();
        }
        return after - before;
    }

    private static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(
                    used,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
