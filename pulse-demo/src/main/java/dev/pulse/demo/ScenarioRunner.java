package dev.pulse.demo;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import dev.pulse.metrics.LogHistogram;
import dev.pulse.metrics.PulseMetrics;
import example.annotated.AnnotatedHog;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs one scenario in this JVM: light virtual threads that sleep 5 ms and take a tiny step, beside
 * CPU hogs, for a few seconds. Measures how late each light wake-up is (time after {@code sleep}
 * returns minus when it was due), the steps done and the hogs' work.
 */
public final class ScenarioRunner {

    /** How long a light task sleeps between steps. */
    static final long LIGHT_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Scenario scenario;
    private final DemoOptions options;
    private final PrintStream progress;

    /**
     * Creates a runner.
     *
     * @param scenario what to run
     * @param options sizes and duration
     * @param progress where the progress line goes
     */
    public ScenarioRunner(Scenario scenario, DemoOptions options, PrintStream progress) {
        this.scenario = scenario;
        this.options = options;
        this.progress = progress;
    }

    /** One light task's measurements; written by that task only, read after it ends. */
    private static final class Light {
        final LogHistogram lateness = new LogHistogram();
        volatile long maxLateness;
        volatile long dueNanos;
        volatile long steps;
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
                ? Pulse.builder().name("demo").carriers(options.carriers()).build()
                : null;
        try {
            Thread.Builder.OfVirtual builder = pulse != null ? pulse.ofVirtual() : Thread.ofVirtual();
            AtomicBoolean stop = new AtomicBoolean();
            LongAdder hogWork = new LongAdder();
            List<Light> lights = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < options.lights(); i++) {
                Light light = new Light();
                lights.add(light);
                threads.add(builder.name("light-" + i).start(() -> lightLoop(light, stop)));
            }
            Thread.sleep(50); // lights are parked in their first sleep before the hogs arrive
            boolean checkpoints = scenario.checkpoints();
            int hogCount = scenario == Scenario.JDK_NO_HOGS ? 0 : options.hogs();
            for (int i = 0; i < hogCount; i++) {
                Runnable hog = scenario.agent()
                        ? () -> AnnotatedHog.run(stop, hogWork)
                        : () -> hogLoop(checkpoints, stop, hogWork);
                threads.add(builder.name("hog-" + i).start(hog));
            }
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(options.seconds());
            while (System.nanoTime() < end) {
                Thread.sleep(250);
                long steps = lights.stream().mapToLong(l -> l.steps).sum();
                progress.printf(
                        Locale.ROOT,
                        "\r  %-28s %4.1f/%d s  light steps %,9d  hog work %,9d M",
                        scenario.label(),
                        (System.nanoTime() - start) / 1e9,
                        options.seconds(),
                        steps,
                        hogWork.sum() / 1_000_000);
                progress.flush();
            }
            long stoppedAt = System.nanoTime();
            long[] lateness = new long[LogHistogram.BUCKETS];
            long steps = 0;
            for (Light light : lights) { // read before stopping: a starved light's wait so far counts
                steps += light.steps;
                long overdue = stoppedAt - light.dueNanos;
                if (overdue > 0) {
                    light.lateness.record(overdue);
                    light.maxLateness = Math.max(light.maxLateness, overdue);
                }
            }
            long work = hogWork.sum();
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            long maxLateness = 0;
            for (Light light : lights) {
                light.lateness.addTo(lateness);
                maxLateness = Math.max(maxLateness, light.maxLateness);
            }
            progress.print("\r" + " ".repeat(100) + "\r");
            PulseMetrics m = null;
            if (pulse != null) {
                pulse.close(); // the watchdog stops first, so the counters below are final
                m = pulse.metrics();
            }
            return new ScenarioResult(
                    scenario.label(),
                    // percentiles are bucket upper bounds (12.5 %), never above the exact maximum
                    Math.min(LogHistogram.valueAtQuantile(lateness, 0.50), maxLateness) / 1e6,
                    Math.min(LogHistogram.valueAtQuantile(lateness, 0.99), maxLateness) / 1e6,
                    maxLateness / 1e6,
                    steps,
                    work / 1_000_000,
                    m != null ? m.forcedYields() : 0,
                    m != null ? m.isolations() : 0,
                    m != null ? m.handoffs() : 0);
        } finally {
            if (pulse != null) {
                pulse.close();
            }
        }
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

    private static void lightLoop(Light light, AtomicBoolean stop) {
        long x = 1;
        while (!stop.get()) {
            long due = System.nanoTime() + LIGHT_PERIOD_NANOS;
            light.dueNanos = due;
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
            long late = System.nanoTime() - due;
            light.dueNanos = Long.MAX_VALUE; // not waiting to be woken
            if (stop.get()) {
                return;
            }
            light.lateness.record(Math.max(0, late));
            if (late > light.maxLateness) {
                light.maxLateness = late;
            }
            for (int i = 0; i < 100; i++) { // the tiny step
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
            light.steps = light.steps + 1 + (x & 0);
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
