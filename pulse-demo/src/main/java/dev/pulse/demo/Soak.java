package dev.pulse.demo;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import dev.pulse.metrics.PulseMetrics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * {@code pulse soak}: a mixed workload on one Pulse runtime for minutes, accounting for every task.
 *
 * <p>The workload: light threads on a fixed 5 ms schedule (lateness with every missed slot
 * counted, as in the demo); checkpointed hogs for the whole run; checkpoint-free hogs that start,
 * spin 300 ms and stop; short-lived threads (two every millisecond); echo pairs over loopback
 * sockets; {@code ReentrantLock} and {@code synchronized} contention whose counters must add up;
 * sleepers that are interrupted; and tasks that throw a {@code RuntimeException}, an {@code
 * AssertionError} or a {@code StackOverflowError}. Drivers are platform threads, as an
 * application's own threads would be.
 *
 * <p>Every task started is counted, and counted again, exactly once, by how it ended (normally,
 * by an exception, by an {@code Error}, by an interrupt); at the end all must have ended (<b>0
 * lost</b>), the runtime must hold no task state, its carriers must be back to the configured
 * count, no Pulse thread may be left after {@code close()}, and the heap after a GC at the end
 * must be within 10 % of the heap after a GC at minute 2 (a third of the run if shorter). One line
 * per minute shows light p99 and hog fairness; the exit code is 1 if anything was lost or leaked.
 */
public final class Soak {

    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long MAX_TRACKED_NANOS = TimeUnit.HOURS.toNanos(1);
    private static final int LIGHTS = 50;
    private static final int LOCK_ROUNDS = 1_000;
    private static final int ECHO_ROUND_TRIPS = 20;

    private final SoakOptions options;
    private final PrintStream out;
    private final PrintStream err;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Recorder lateness = new Recorder(MAX_TRACKED_NANOS, 3);
    private final LongAdder started = new LongAdder();
    private final LongAdder endedNormally = new LongAdder();
    private final LongAdder endedByException = new LongAdder();
    private final LongAdder endedByError = new LongAdder();
    private final LongAdder endedByInterrupt = new LongAdder();
    private final LongAdder echoRoundTrips = new LongAdder();
    private final LongAdder echoMismatches = new LongAdder();
    private final ReentrantLock lock = new ReentrantLock();
    private final Object monitor = new Object();
    private long lockedCounter; // guarded by lock
    private long syncedCounter; // guarded by monitor
    private final LongAdder lockedExpected = new LongAdder();
    private final LongAdder syncedExpected = new LongAdder();
    private PulseRuntime pulse;

    /**
     * Creates the soak.
     *
     * @param options the flags
     * @param out the report (text or JSON)
     * @param err per-minute lines when the report is JSON
     */
    public Soak(SoakOptions options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /** A task's body; how it ends is counted. */
    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    /** Starts a counted task on the runtime. The caller's thread may be any thread. */
    private Thread task(String name, Body body) {
        started.increment();
        return pulse.ofVirtual()
                .name(name)
                .uncaughtExceptionHandler((t, e) -> {}) // counted below; the JDK would print each
                .start(() -> {
                    try {
                        body.run();
                        endedNormally.increment();
                    } catch (InterruptedException e) {
                        endedByInterrupt.increment();
                    } catch (Exception e) {
                        endedByException.increment();
                        throw new IllegalStateException(e); // the thread ends by it, as the task did
                    } catch (Error e) {
                        endedByError.increment();
                        throw e;
                    }
                });
    }

    private long ended() {
        return endedNormally.sum() + endedByException.sum() + endedByError.sum() + endedByInterrupt.sum();
    }

    /**
     * Runs the soak and prints the report.
     *
     * @return the exit code: 0 if nothing was lost or leaked, 1 otherwise
     * @throws Exception if the soak cannot run at all (no loopback socket, say)
     */
    public int run() throws Exception {
        PrintStream lines = options.json() ? err : out;
        long runNanos = TimeUnit.MINUTES.toNanos(options.minutes());
        long baselineAt = Math.min(TimeUnit.MINUTES.toNanos(2), runNanos / 3);
        lines.printf(
                Locale.ROOT,
                "Pulse soak: %d min on %d carriers; %d lights on a 5 ms schedule, %d checkpointed hogs,"
                        + " checkpoint-free hogs, two short threads every ms, loopback echo pairs, lock contention,"
                        + " interrupts, tasks that throw. Heap baseline at %d s.%n",
                options.minutes(),
                options.carriers(),
                LIGHTS,
                options.carriers(),
                TimeUnit.NANOSECONDS.toSeconds(baselineAt));
        pulse = Pulse.builder().name("soak").carriers(options.carriers()).build();
        List<Thread> longLived = new ArrayList<>();
        List<Thread> drivers = new ArrayList<>();
        List<LongAdder> hogWork = new ArrayList<>();
        long start = System.nanoTime();
        long heapBaseline = -1;
        ServerSocket server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        try {
            for (int i = 0; i < LIGHTS; i++) {
                long first = start + i * PERIOD_NANOS / LIGHTS;
                longLived.add(task("light-" + i, () -> light(first)));
            }
            for (int i = 0; i < options.carriers(); i++) {
                LongAdder work = new LongAdder();
                hogWork.add(work);
                longLived.add(task("hog-" + i, () -> hog(work)));
            }
            longLived.add(task("echo-acceptor", () -> acceptEchoes(server)));
            drivers.add(driver("short-lived", Duration.ofMillis(1), () -> {
                task("short", Soak::tinyStep);
                task("short", Soak::tinyStep);
            }));
            drivers.add(driver("free-hogs", Duration.ofSeconds(1), () -> task("free-hog", () -> spin(300))));
            drivers.add(driver("echo", Duration.ofMillis(50), () -> task("echo-client", () -> echoClient(server))));
            drivers.add(driver("locks", Duration.ofMillis(20), () -> {
                task("locked", this::lockedRounds);
                task("locked", this::lockedRounds);
                task("synced", this::syncedRounds);
                task("synced", this::syncedRounds);
            }));
            drivers.add(driver("interrupts", Duration.ofMillis(20), () -> {
                Thread sleeper = task("sleeper", () -> Thread.sleep(10_000));
                Thread.sleep(ThreadLocalRandom.current().nextInt(1, 20));
                sleeper.interrupt();
            }));
            drivers.add(driver("throwers", Duration.ofMillis(50), new Runnable() {
                private int n;

                @Override
                public void run() {
                    switch (n++ % 3) {
                        case 0 ->
                            task("throws-exception", () -> {
                                throw new IllegalStateException("a task's own failure");
                            });
                        case 1 ->
                            task("throws-error", () -> {
                                throw new AssertionError("a task's own error");
                            });
                        default -> task("overflows", () -> recurse(0));
                    }
                }
            }::run));

            // one interval histogram, recycled every minute: a fresh one per minute (about 0.25 MB)
            // would show in the heap comparison as growth
            Histogram h = lateness.getIntervalHistogram();
            long[] lastWork = new long[hogWork.size()];
            long lastStarted = 0;
            for (int minute = 1; minute <= options.minutes(); minute++) {
                long minuteEnd = start + TimeUnit.MINUTES.toNanos(minute);
                while (System.nanoTime() < minuteEnd) {
                    if (heapBaseline < 0 && System.nanoTime() - start >= baselineAt) {
                        heapBaseline = heapAfterGc();
                    }
                    Thread.sleep(Math.max(1, Math.min(1_000, (minuteEnd - System.nanoTime()) / 1_000_000)));
                }
                h = lateness.getIntervalHistogram(h);
                long[] work = hogWork.stream().mapToLong(LongAdder::sum).toArray();
                long[] delta = new long[work.length];
                for (int i = 0; i < work.length; i++) {
                    delta[i] = work[i] - lastWork[i];
                }
                lastWork = work;
                long endedNow = ended(); // first: a task counts as started before it can end
                long now = started.sum();
                lines.printf(
                        Locale.ROOT,
                        "minute %d/%d: light p99 %s (p50 %s, %,d slots), least hog share %.2f, %,d tasks started"
                                + " (%,d/s), %,d in flight%n",
                        minute,
                        options.minutes(),
                        Demo.ms(h.getValueAtPercentile(99) / 1e6),
                        Demo.ms(h.getValueAtPercentile(50) / 1e6),
                        h.getTotalCount(),
                        ScenarioRunner.leastHogShare(delta),
                        now - lastStarted,
                        (now - lastStarted) / 60,
                        now - endedNow);
                lastStarted = now;
            }
            stop.set(true);
            for (Thread d : drivers) {
                d.join();
            }
            server.close(); // the acceptor ends
            for (Thread t : longLived) {
                t.join(Duration.ofSeconds(30));
            }
            waitUntil(Duration.ofSeconds(30), () -> ended() == started.sum());
        } finally {
            server.close();
        }
        long lost = started.sum() - ended();
        waitUntil(
                Duration.ofSeconds(10),
                () -> pulse.tasks().stream().allMatch(t -> t.name().contains("Poller")));
        waitUntil(
                Duration.ofSeconds(15),
                () -> pulse.metrics().carriers().extra() == 0
                        && pulse.metrics().carriers().main() <= options.carriers());
        PulseMetrics last = pulse.metrics();
        // The JDK's I/O pollers (virtual threads named *Poller*) live as long as the JVM. Pulse has
        // them start on the JDK's scheduler; should they be on this runtime all the same, they are
        // the JDK's, not the soak's: counted apart, and must be 0 (see JdkIoPollers).
        List<String> jdkThreads = new ArrayList<>();
        List<String> leftTasks = new ArrayList<>();
        for (var t : pulse.tasks()) {
            String name = t.name() + "#" + t.id();
            (t.name().contains("Poller") ? jdkThreads : leftTasks).add(name);
        }
        if (!leftTasks.isEmpty()) {
            lines.println("soak tasks whose state is left in the runtime: " + leftTasks);
        }
        long heapEnd = heapAfterGc();
        pulse.close();
        waitUntil(Duration.ofSeconds(10), () -> pulseThreads().isEmpty());
        List<String> leftThreads = pulseThreads();
        long locked;
        long synced;
        lock.lock();
        try {
            locked = lockedCounter;
        } finally {
            lock.unlock();
        }
        synchronized (monitor) {
            synced = syncedCounter;
        }
        Report r = new Report(
                options.minutes(),
                options.carriers(),
                started.sum(),
                endedNormally.sum(),
                endedByException.sum(),
                endedByError.sum(),
                endedByInterrupt.sum(),
                lost,
                started.sum() / Math.max(1, TimeUnit.MINUTES.toSeconds(options.minutes())),
                echoRoundTrips.sum(),
                echoMismatches.sum(),
                locked + synced,
                Math.abs(locked - lockedExpected.sum()) + Math.abs(synced - syncedExpected.sum()),
                leftTasks.size(),
                jdkThreads.size(),
                last.carriers().extra(),
                last.carriers().main(),
                leftThreads.size(),
                heapBaseline,
                heapEnd,
                last.interventions().forcedYields(),
                last.interventions().handoffs(),
                last.faults());
        if (options.json()) {
            out.println(r.toJson());
        } else {
            out.print(r.toText());
        }
        return r.ok() ? 0 : 1;
    }

    /** One soak's account. Heap figures are bytes after a GC; -1 if never taken. */
    record Report(
            int minutes,
            int carriers,
            long started,
            long endedNormally,
            long endedByException,
            long endedByError,
            long endedByInterrupt,
            long lost,
            long startsPerSecond,
            long echoRoundTrips,
            long echoMismatches,
            long lockIncrements,
            long lockMismatch,
            int liveTasksAtEnd,
            int jdkThreadsOnPulse,
            int extraCarriersAtEnd,
            int mainCarriersAtEnd,
            int pulseThreadsAfterClose,
            long heapBaseline,
            long heapEnd,
            long forcedYields,
            long handoffs,
            long faults) {

        boolean heapFlat() {
            return heapBaseline > 0 && heapEnd <= heapBaseline * 1.1;
        }

        boolean ok() {
            return lost == 0
                    && jdkThreadsOnPulse == 0
                    && echoMismatches == 0
                    && lockMismatch == 0
                    && liveTasksAtEnd == 0
                    && extraCarriersAtEnd == 0
                    && mainCarriersAtEnd <= carriers
                    && pulseThreadsAfterClose == 0
                    && heapFlat();
        }

        String toText() {
            return String.format(
                    Locale.ROOT,
                    "%nsoak: %s%n"
                            + "  tasks started %,d (%,d/s); ended normally %,d, by exception %,d, by Error %,d,"
                            + " by interrupt %,d; lost %,d%n"
                            + "  echo round trips %,d (mismatches %d); lock increments %,d (mismatch %d)%n"
                            + "  at the end: soak tasks live %d (JDK I/O pollers on Pulse: %d), extra carriers %d,"
                            + " main carriers %d of %d, Pulse threads after close %d%n"
                            + "  heap after GC: %.1f MB at the baseline, %.1f MB at the end (%s)%n"
                            + "  Pulse: %,d forced yields, %,d handoffs, %,d faults%n",
                    ok() ? "OK: nothing lost, nothing leaked" : "FAILED: something was lost or leaked",
                    started,
                    startsPerSecond,
                    endedNormally,
                    endedByException,
                    endedByError,
                    endedByInterrupt,
                    lost,
                    echoRoundTrips,
                    echoMismatches,
                    lockIncrements,
                    lockMismatch,
                    liveTasksAtEnd,
                    jdkThreadsOnPulse,
                    extraCarriersAtEnd,
                    mainCarriersAtEnd,
                    carriers,
                    pulseThreadsAfterClose,
                    heapBaseline / 1e6,
                    heapEnd / 1e6,
                    heapFlat() ? "flat" : "GREW more than 10 %",
                    forcedYields,
                    handoffs,
                    faults);
        }

        /** One JSON object: {@code ok}, then every component under its snake_case name. */
        String toJson() {
            StringBuilder sb = new StringBuilder("{\"ok\":").append(ok());
            for (java.lang.reflect.RecordComponent c : Report.class.getRecordComponents()) {
                Object value;
                try {
                    value = c.getAccessor().invoke(this);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
                sb.append(",\"")
                        .append(c.getName().replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT))
                        .append("\":")
                        .append(value);
            }
            return sb.append('}').toString();
        }
    }

    /** A platform thread that runs {@code step} every {@code period} until the soak stops. */
    private Thread driver(String name, Duration period, Body step) {
        return Thread.ofPlatform().daemon().name("soak-driver-" + name).start(() -> {
            try {
                while (!stop.get()) {
                    step.run();
                    Thread.sleep(period);
                }
            } catch (Exception e) {
                throw new IllegalStateException("soak driver " + name + " failed", e);
            }
        });
    }

    private void light(long firstSlot) throws InterruptedException {
        long slot = firstSlot;
        long x = 1;
        while (!stop.get()) {
            long wait = slot - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(Duration.ofNanos(wait));
            }
            long late = Math.min(Math.max(0, System.nanoTime() - slot), MAX_TRACKED_NANOS);
            lateness.recordValueWithExpectedInterval(late, PERIOD_NANOS);
            for (int i = 0; i < 100; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
            slot += (Math.max(0, late / PERIOD_NANOS - 1) + 1) * PERIOD_NANOS + (x & 0);
        }
    }

    private void hog(LongAdder work) {
        long x = 0x9E3779B97F4A7C15L;
        long n = 0;
        while (!stop.get()) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            Pulse.checkpoint();
            if ((++n & 0xFFFF) == 0) {
                work.add(0x10000 + (x & 0));
            }
        }
    }

    private static void spin(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long x = 1;
        while (System.nanoTime() < end) { // no checkpoint: only a handoff helps
            x = x * 31 + 7;
        }
        if (x == 42) {
            Thread.onSpinWait();
        }
    }

    private static void tinyStep() {
        long x = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        if (x == 42) {
            Thread.onSpinWait();
        }
    }

    private static int recurse(int depth) {
        return depth >= 0 ? recurse(depth + 1) + 1 : 0; // depth never goes negative: until the stack overflows
    }

    private void lockedRounds() {
        for (int i = 0; i < LOCK_ROUNDS; i++) {
            lock.lock();
            try {
                lockedCounter++;
                if ((i & 127) == 0) {
                    Thread.yield(); // give the lock's waiters a chance to pile up
                }
            } finally {
                lock.unlock();
            }
        }
        lockedExpected.add(LOCK_ROUNDS);
    }

    private void syncedRounds() {
        for (int i = 0; i < LOCK_ROUNDS; i++) {
            synchronized (monitor) {
                syncedCounter++;
                if ((i & 127) == 0) {
                    Thread.yield(); // a virtual thread may yield holding a monitor (JDK 24+)
                }
            }
        }
        syncedExpected.add(LOCK_ROUNDS);
    }

    private void acceptEchoes(ServerSocket server) throws IOException {
        while (!stop.get()) {
            Socket s;
            try {
                s = server.accept();
            } catch (SocketException closed) {
                return; // the soak closed the server
            }
            task("echo-server", () -> {
                try (s;
                        BufferedReader in =
                                new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                        OutputStream o = s.getOutputStream()) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        o.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                        o.flush();
                    }
                }
            });
        }
    }

    private void echoClient(ServerSocket server) throws IOException {
        try (Socket s = new Socket(server.getInetAddress(), server.getLocalPort());
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                OutputStream o = s.getOutputStream()) {
            for (int i = 0; i < ECHO_ROUND_TRIPS; i++) {
                String message = "ping " + i + " " + System.nanoTime();
                o.write((message + "\n").getBytes(StandardCharsets.UTF_8));
                o.flush();
                if (message.equals(in.readLine())) {
                    echoRoundTrips.increment();
                } else {
                    echoMismatches.increment();
                }
            }
        }
    }

    private static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static List<String> pulseThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(n -> n.startsWith("pulse-soak-"))
                .toList();
    }

    private static void waitUntil(Duration atMost, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
