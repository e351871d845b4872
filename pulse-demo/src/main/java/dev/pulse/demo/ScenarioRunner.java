package dev.pulse.demo;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import dev.pulse.metrics.PulseMetrics;
import example.annotated.AnnotatedHog;
import example.plain.PlainHog;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Runs one scenario in this JVM: light virtual threads on a fixed 5 ms schedule beside CPU hogs,
 * for a few seconds, and measures how late each light wake-up ran without coordinated omission.
 *
 * <p><b>How lateness is measured.</b> Light thread {@code i} has slots {@code first + k × 5 ms},
 * its first slot staggered by {@code i × 5 ms / lights}. It sleeps until its next slot, and on
 * waking records lateness = wake time − slot. A wake-up late by more than a period has also missed
 * the slots in between, and each of those counts as a sample too (HdrHistogram's {@code
 * recordValueWithExpectedInterval}); the thread then runs its next slot at once, as a fixed-rate
 * timer catches up. A light thread still waiting when the run ends adds its wait so far and every
 * slot it missed. So a starved run shows a p50 of seconds, as it should. Slots run (real wake-ups)
 * and slots due (by the schedule) are both reported.
 *
 * <p><b>Hogs.</b> Each hog counts its own loop iterations, so the result shows the total and the
 * least-served hog's share of the fair share (1.0 = perfectly even).
 */
public final class ScenarioRunner {

    /** The light threads' period. */
    static final long LIGHT_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /** The longest lateness the histogram tracks: an hour, far past any run. */
    private static final long MAX_TRACKED_NANOS = TimeUnit.HOURS.toNanos(1);

    /** A light thread's pending slot once the measurement has ended. */
    private static final long CLOSED = Long.MIN_VALUE;

    /** A light thread's pending slot while it runs its step. */
    private static final long RUNNING = Long.MAX_VALUE;

    private final Scenario scenario;
    private final DemoOptions options;
    private final PrintStream progress;
    private final boolean showProgress;

    /**
     * Creates a runner.
     *
     * @param scenario what to run
     * @param options sizes and duration
     * @param progress where the progress line goes
     * @param showProgress whether to print a progress line (only on a terminal)
     */
    public ScenarioRunner(Scenario scenario, DemoOptions options, PrintStream progress, boolean showProgress) {
        this.scenario = scenario;
        this.options = options;
        this.progress = progress;
        this.showProgress = showProgress;
    }

    /**
     * One light thread's schedule. {@code pending} is the slot it waits for, {@link #RUNNING}
     * while it runs its step, or {@link #CLOSED} once the measurement has ended. The light thread
     * and the measuring thread each take the pending slot with {@code getAndSet}, so a slot is
     * recorded by exactly one of them.
     */
    private static final class Light {
        final long firstSlot;
        final AtomicLong pending = new AtomicLong(RUNNING);
        final LongAdder runs = new LongAdder();

        Light(long firstSlot) {
            this.firstSlot = firstSlot;
        }
    }

    /**
     * Runs the scenario.
     *
     * @return its result
     * @throws InterruptedException if interrupted
     */
    public ScenarioResult run() throws InterruptedException {
        if (Boolean.getBoolean("pulse.demo.jfr")) {
            enablePulseEvents();
        }
        PulseRuntime pulse = scenario.onPulse()
                ? Pulse.builder()
                        .name("demo")
                        .carriers(options.carriers())
                        .enabled(scenario.pulseEnabled())
                        .build()
                : null;
        try {
            Thread.Builder.OfVirtual builder = pulse != null ? pulse.ofVirtual() : Thread.ofVirtual();
            AtomicBoolean stop = new AtomicBoolean();
            Histogram lateness = new ConcurrentHistogram(MAX_TRACKED_NANOS, 3);
            List<Light> lights = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            // the lights park in their first sleep before the hogs arrive
            long scheduleStart = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
            for (int i = 0; i < options.lights(); i++) {
                Light light = new Light(scheduleStart + i * LIGHT_PERIOD_NANOS / options.lights());
                lights.add(light);
                threads.add(builder.name("light-" + i).start(() -> lightLoop(light, lateness)));
            }
            Thread.sleep(50);
            int hogCount = scenario.hasHogs() ? options.hogs() : 0;
            List<LongAdder> hogWork = new ArrayList<>();
            for (int i = 0; i < hogCount; i++) {
                LongAdder work = new LongAdder();
                hogWork.add(work);
                boolean checkpoints = scenario.checkpoints();
                Runnable hog;
                if (scenario.annotatedHogs()) {
                    hog = () -> AnnotatedHog.run(stop, work);
                } else if (scenario.batchHogs()) {
                    hog = () -> PlainHog.run(stop, work);
                } else {
                    hog = () -> hogLoop(checkpoints, stop, work);
                }
                threads.add(builder.name("hog-" + i).start(hog));
            }
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(options.seconds());
            while (System.nanoTime() < end) {
                Thread.sleep(250);
                if (showProgress) {
                    progress.printf(
                            Locale.ROOT,
                            "\r  %-40s %4.1f/%d s  light wake-ups %,9d  hog work %,9d M",
                            scenario.label(),
                            (System.nanoTime() - start) / 1e9,
                            options.seconds(),
                            lights.stream().mapToLong(l -> l.runs.sum()).sum(),
                            hogWork.stream().mapToLong(LongAdder::sum).sum() / 1_000_000);
                    progress.flush();
                }
            }
            long slotsRun = 0;
            long slotsDue = 0;
            for (Light light : lights) { // before stopping: a starved light's wait so far counts
                long slot = light.pending.getAndSet(CLOSED);
                // read after closing: every slot the light recorded woke before this instant, so
                // slots run never exceed slots due
                long closedAt = System.nanoTime();
                if (slot != RUNNING && slot <= closedAt) {
                    lateness.recordValueWithExpectedInterval(
                            Math.min(closedAt - slot, MAX_TRACKED_NANOS), LIGHT_PERIOD_NANOS);
                }
                slotsRun += light.runs.sum();
                if (closedAt >= light.firstSlot) {
                    slotsDue += (closedAt - light.firstSlot) / LIGHT_PERIOD_NANOS + 1;
                }
            }
            long[] work = hogWork.stream().mapToLong(LongAdder::sum).toArray();
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            if (showProgress) {
                progress.print("\r" + " ".repeat(110) + "\r");
            }
            PulseMetrics m = null;
            int peakCarriers = options.carriers();
            if (pulse != null) {
                pulse.close(); // the watchdog stops first, so the counters below are final
                m = pulse.metrics();
                peakCarriers = pulse.peakCarriers();
            } else {
                peakCarriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism", peakCarriers);
            }
            return new ScenarioResult(
                    scenario.label(),
                    peakCarriers,
                    lateness.getValueAtPercentile(50) / 1e6,
                    lateness.getValueAtPercentile(99) / 1e6,
                    lateness.getValueAtPercentile(99.9) / 1e6,
                    lateness.getMaxValue() / 1e6,
                    slotsRun,
                    slotsDue,
                    work.length == 0 ? 0 : java.util.Arrays.stream(work).sum() / 1_000_000,
                    leastHogShare(work),
                    m != null ? m.interventions().forcedYields() : 0,
                    m != null ? m.tiers().isolations() : 0,
                    m != null ? m.interventions().handoffs() : 0);
        } finally {
            if (pulse != null) {
                pulse.close();
            }
        }
    }

    /**
     * The least-served hog's work as a share of the fair share (the mean).
     *
     * @param work each hog's work
     * @return 1.0 for perfectly even work, 0 when a hog did nothing; 1.0 with no hogs
     */
    static double leastHogShare(long[] work) {
        if (work.length == 0) {
            return 1.0;
        }
        long total = 0;
        long least = Long.MAX_VALUE;
        for (long w : work) {
            total += w;
            least = Math.min(least, w);
        }
        return total == 0 ? 0 : least / (total / (double) work.length);
    }

    /**
     * Turns on every Pulse event (the default settings leave the ones Pulse marks off by default
     * off) in the recording started with -XX:StartFlightRecording.
     */
    private static void enablePulseEvents() {
        for (jdk.jfr.Recording r : jdk.jfr.FlightRecorder.getFlightRecorder().getRecordings()) {
            for (String event : List.of(
                    "dev.pulse.SlowPoll", "dev.pulse.TierChange", "dev.pulse.Handoff", "dev.pulse.ForcedYield")) {
                r.enable(event);
            }
        }
    }

    private static void lightLoop(Light light, Histogram lateness) {
        long x = 1;
        long slot = light.firstSlot;
        while (true) {
            if (!light.pending.compareAndSet(RUNNING, slot)) {
                return; // the measurement has ended
            }
            long wait = slot - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(Duration.ofNanos(wait));
                } catch (InterruptedException e) {
                    return;
                }
            }
            long woke = System.nanoTime();
            if (light.pending.getAndSet(RUNNING) == CLOSED) {
                return; // the measuring thread has counted this slot
            }
            long late = Math.min(Math.max(0, woke - slot), MAX_TRACKED_NANOS);
            lateness.recordValueWithExpectedInterval(late, LIGHT_PERIOD_NANOS);
            light.runs.increment();
            for (int i = 0; i < 100; i++) { // the tiny step
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
            // the slots the histogram filled in for this late wake-up are skipped; the next one
            // may already be due, and then runs at once
            long missed = Math.max(0, late / LIGHT_PERIOD_NANOS - 1);
            slot += (missed + 1) * LIGHT_PERIOD_NANOS + (x & 0);
        }
    }

    private static void hogLoop(boolean checkpoints, AtomicBoolean stop, LongAdder work) {
        long x = 0x9E3779B97F4A7C15L;
        long n = 0;
        while (!stop.get()) {
            x = AnnotatedHog.mix(x); // one iteration: a few dozen ns of work, the same in every hog
            if (checkpoints) {
                Pulse.checkpoint();
            }
            if ((++n & 0xFFFF) == 0) {
                work.add(0x10000);
            }
        }
        work.add((n & 0xFFFF) + (x & 0));
    }
}
