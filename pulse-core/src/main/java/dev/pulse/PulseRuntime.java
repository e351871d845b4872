package dev.pulse;

import dev.pulse.hooks.PreemptionHooks;
import dev.pulse.metrics.PulseMetrics;
import dev.pulse.metrics.PulseRuntimeJmx;
import dev.pulse.metrics.SnapshotCache;
import dev.pulse.scheduler.PulseScheduler;
import dev.pulse.scheduler.VirtualThreadBridge;
import dev.pulse.tier.TaskState;
import dev.pulse.tier.TierPolicy;
import dev.pulse.timing.CpuTimer;
import dev.pulse.timing.CpuTimers;
import dev.pulse.timing.NanoClock;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running Pulse instance: carrier pools, a watchdog, and the virtual threads built from {@link
 * #ofVirtual()}, {@link #threadFactory()} or {@link #newThreadPerTaskExecutor()}. Virtual threads
 * that those threads start with a plain {@code Thread.ofVirtual()} run here too, and are tracked.
 *
 * <p>While it runs, its metrics are readable over JMX as {@code
 * dev.pulse:type=PulseRuntime,name=<name>} (see {@link dev.pulse.metrics.PulseRuntimeMXBean}).
 *
 * <p>Needs {@code --add-opens java.base/java.lang=ALL-UNNAMED} (see {@link VirtualThreadBridge});
 * without it {@link Builder#build()} fails with a message naming the flag. Close it when its
 * tasks are done; closing stops the carriers and the watchdog, and later thread starts are
 * rejected with {@link java.util.concurrent.RejectedExecutionException}.
 *
 * {@snippet class=dev.pulse.snippets.PulseSnippets region=quickstart}
 */
public final class PulseRuntime implements AutoCloseable {

    private static final AtomicInteger NEXT_ID = new AtomicInteger();

    private final PulseConfig config;
    private final PulseScheduler scheduler;
    private final SnapshotCache recentMetrics;
    private final PulseRuntimeJmx mbean;

    private PulseRuntime(PulseConfig config) {
        this.config = config;
        this.scheduler = new PulseScheduler(config);
        this.recentMetrics = new SnapshotCache(scheduler::metrics);
        this.mbean = new PulseRuntimeJmx(config.name(), recentMetrics);
        mbean.register();
    }

    /**
     * Starts a runtime with these settings.
     *
     * @param config the settings
     * @return the running runtime
     * @throws IllegalStateException if {@code java.lang} is not open to Pulse (the message names
     *     the JVM option to add)
     */
    public static PulseRuntime start(PulseConfig config) {
        return new PulseRuntime(Objects.requireNonNull(config, "config"));
    }

    /**
     * A new builder of virtual threads that run on this runtime.
     *
     * @return a builder; each call returns a fresh one
     */
    public Thread.Builder.OfVirtual ofVirtual() {
        return VirtualThreadBridge.newVirtualThreadBuilder(scheduler.virtualThreadScheduler());
    }

    /**
     * A factory of virtual threads that run on this runtime.
     *
     * @return a thread factory
     */
    public ThreadFactory threadFactory() {
        return ofVirtual().factory();
    }

    /**
     * An executor that starts one virtual thread on this runtime per task, for servers and
     * frameworks (like {@link Executors#newVirtualThreadPerTaskExecutor()}).
     *
     * @return a new executor service; close it to wait for its tasks
     */
    public ExecutorService newThreadPerTaskExecutor() {
        return Executors.newThreadPerTaskExecutor(threadFactory());
    }

    /**
     * A snapshot of this runtime's metrics. Never blocks a carrier.
     *
     * @return the snapshot
     */
    public PulseMetrics metrics() {
        return scheduler.metrics();
    }

    /**
     * A snapshot at most 100 ms old, shared by every reader of this method, JMX included: for
     * exporters that poll often (Micrometer, {@code pulse top}). {@link #metrics()} always takes a
     * fresh one.
     *
     * @return the snapshot
     */
    public PulseMetrics recentMetrics() {
        return recentMetrics.get();
    }

    /**
     * The settings in force.
     *
     * @return the configuration
     */
    public PulseConfig config() {
        return config;
    }

    /**
     * The runtime's name.
     *
     * @return the name
     */
    public String name() {
        return config.name();
    }

    /**
     * The executor the JDK calls once per poll of this runtime's virtual threads: for a framework
     * that builds its virtual threads itself and must hand them this scheduler. Everything else
     * goes through {@link #ofVirtual()} and {@link #threadFactory()}.
     *
     * @return the scheduler
     */
    public Executor scheduler() {
        return scheduler;
    }

    /**
     * The live tasks of this runtime, one per virtual thread it has run and that has not ended:
     * an unmodifiable, weakly consistent view.
     *
     * @return the tasks
     */
    public Collection<? extends TaskState> tasks() {
        return scheduler.tasks();
    }

    /**
     * The most carrier threads this runtime has run at once, at most: the main pool's peak
     * (extra carriers included) plus the isolation pool's, each taken on its own. A baseline
     * given this many carriers is given at least what Pulse had.
     *
     * @return the peak
     */
    public int peakCarriers() {
        return scheduler.peakCarriers();
    }

    /**
     * Stops the watchdog and the carriers. Idempotent, and safe from any thread, one of this
     * runtime's own virtual threads included (it then waits for nothing).
     *
     * <p>What happens to tasks still there, as with an executor that shuts down: new threads are
     * rejected ({@code RejectedExecutionException} from {@code start()}); a task in the middle of a
     * poll runs on until that poll ends (a loop with no checkpoint holds its carrier until the
     * loop ends); a task that would need the runtime again afterwards (it yields, parks, sleeps or
     * is woken) is <em>not</em> resumed, and its thread stays parked for good. So close a runtime
     * after its tasks are done: join them, or close the executor from {@link
     * #newThreadPerTaskExecutor()} first. {@code close()} waits up to 5 s per carrier pool for
     * idle carriers (10 s at most), then returns; a carrier still in a poll exits when that poll
     * ends, and then no Pulse thread is left.
     */
    @Override
    public void close() {
        mbean.unregister();
        scheduler.close();
    }

    /**
     * The JMX name under which this runtime's {@link dev.pulse.metrics.PulseRuntimeMXBean} is
     * registered while it runs.
     *
     * @return {@code dev.pulse:type=PulseRuntime,name=<name>}
     */
    public javax.management.ObjectName objectName() {
        return mbean.objectName();
    }

    /**
     * Builds a {@link PulseRuntime}. Each setter validates its value and throws {@link
     * IllegalArgumentException} naming the setting, the value and the allowed range; {@link
     * #build()} checks the settings against each other.
     *
     * {@snippet class=dev.pulse.snippets.PulseSnippets region=config}
     */
    public static final class Builder {
        /**
         * 1 ms: the slice. Tokio's cooperative budget (128 units) works out to about this per
         * poll, and a light task that waits behind one slice still answers within a frame of
         * human perception, while a yield (about 1 µs) costs under 0.1 % of it.
         */
        public static final Duration DEFAULT_SLICE = Duration.ofMillis(1);

        /**
         * 4000 units: BEAM's reductions per Erlang process slice, as the most checkpoints between
         * two time checks. A checkpoint in a loop whose body costs a few nanoseconds then checks
         * the clock every few microseconds, far inside a 1 ms slice, while the clock read is paid
         * once per 4000 iterations. A costlier loop gets smaller grants: each is sized from the
         * pace of the task's last one to last until its slice's end, so a loop whose body takes
         * 20 µs checks the clock about every 50 checkpoints, not every 4000 (80 ms).
         */
        public static final int DEFAULT_BUDGET_UNITS = 4000;

        /**
         * 10 ms: Go's sysmon preempts a goroutine that has run 10 ms ({@code forcePreemptNS}).
         * Ten slices gives a task with checkpoints ample time to yield first.
         */
        public static final Duration DEFAULT_HANDOFF_AFTER = Duration.ofMillis(10);

        /**
         * 256: the JDK's default {@code jdk.virtualThreadScheduler.maxPoolSize}. Each extra
         * carrier is an OS thread the kernel time-slices.
         */
        public static final int DEFAULT_MAX_EXTRA_CARRIERS = 256;

        /**
         * 200 µs: a timed park may end up to this much after its deadline, so that the runtime's
         * timer ends the parks due within it at one wake-up. Each wake-up of the timer thread,
         * and of the carrier it hands the woken threads to, takes a CPU from whatever runs there:
         * on 2 cores running CPU-bound tasks beside 50 threads that sleep 5 ms at a time, 200 µs
         * cut those wake-ups and the preemptions they cause by about half and gave the CPU-bound
         * tasks 12-23 % more work (BENCHMARKS.md, "Timer slack"). Linux itself lets a timer of an
         * ordinary thread fire up to 50 µs late; Tokio's timer counts in 1 ms ticks.
         */
        public static final Duration DEFAULT_TIMER_SLACK = Duration.ofNanos(200_000);

        /**
         * 1 s: at most one slow-task warning (with its stack trace) per second, so a storm of hogs
         * cannot flood the log; the rest are counted.
         */
        public static final Duration DEFAULT_WARN_INTERVAL = Duration.ofSeconds(1);

        private String name;
        private Boolean enabled;
        private int carriers = Runtime.getRuntime().availableProcessors();
        private Integer isolationCarriers;
        private Duration slice = DEFAULT_SLICE;
        private int budgetUnits = DEFAULT_BUDGET_UNITS;
        private TierPolicy tierPolicy = TierPolicy.defaults();
        private Duration handoffAfter = DEFAULT_HANDOFF_AFTER;
        private Duration timerSlack = DEFAULT_TIMER_SLACK;
        private int maxExtraCarriers = DEFAULT_MAX_EXTRA_CARRIERS;
        private PreemptionHooks hooks = PreemptionHooks.noop();
        private Duration warnInterval = DEFAULT_WARN_INTERVAL;
        private NanoClock clock = NanoClock.system();
        private CpuTimer cpuTimer;
        private boolean pollHistograms = true;

        Builder() {}

        /**
         * Turns the per-poll histograms (poll time, scheduling delay) on or off. Default on: they
         * cost two histogram records per poll (BENCHMARKS.md has the figure with and without).
         *
         * @param on {@code false} to skip them; the snapshot's polls, slow polls, totals and
         *     percentiles then read 0, while per-task figures and other counters still count
         * @return this builder
         */
        public Builder pollHistograms(boolean on) {
            this.pollHistograms = on;
            return this;
        }

        /**
         * Names the runtime (carrier thread names, logs, JFR events). Default {@code pulse-N}.
         *
         * @param name 1 to 64 letters, digits, {@code . _ -}
         * @return this builder
         * @throws IllegalArgumentException if malformed
         */
        public Builder name(String name) {
            this.name = PulseConfig.checkName(name);
            return this;
        }

        /**
         * Switches Pulse's interventions on or off. Default: {@link Pulse#enabledByDefault()}.
         * Off, virtual threads still run on this runtime's carriers, with no-op hooks, no
         * measurement and no watchdog.
         *
         * @param enabled {@code false} to disable
         * @return this builder
         */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /**
         * Sets the number of main carriers. Default: the number of available processors, as the
         * JDK's own scheduler.
         *
         * @param carriers 1 to 32767
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder carriers(int carriers) {
            this.carriers = PulseConfig.checkCarriers("carriers", carriers);
            return this;
        }

        /**
         * Sets the number of isolation carriers. Default: as many as main carriers, so that
         * isolated hogs can still use every core while the kernel time-slices them against the
         * main pool.
         *
         * @param carriers 1 to 32767
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder isolationCarriers(int carriers) {
            this.isolationCarriers = PulseConfig.checkCarriers("isolationCarriers", carriers);
            return this;
        }

        /**
         * Sets the slice; see {@link #DEFAULT_SLICE}.
         *
         * @param slice 10 µs to 1 s
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder slice(Duration slice) {
            this.slice = PulseConfig.checkSlice(slice);
            return this;
        }

        /**
         * Sets the most checkpoints between time checks; see {@link #DEFAULT_BUDGET_UNITS}.
         *
         * @param units 1 to 65535
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder budgetUnits(int units) {
            this.budgetUnits = PulseConfig.checkBudgetUnits(units);
            return this;
        }

        /**
         * Sets the tier policy. Default {@link TierPolicy#defaults()}.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder tierPolicy(TierPolicy policy) {
            this.tierPolicy = Objects.requireNonNull(policy, "tierPolicy");
            return this;
        }

        /**
         * Sets how long a poll may hold a carrier while others wait before a handoff; see {@link
         * #DEFAULT_HANDOFF_AFTER}.
         *
         * @param after 1 ms to 1 hour, and at least the slice (checked by {@link #build()})
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder handoffAfter(Duration after) {
            this.handoffAfter = PulseConfig.checkHandoffAfter(after);
            return this;
        }

        /**
         * Sets how many carriers handoffs may add at once, in the whole runtime: the main and the
         * isolation pool share this cap (a carrier stuck in one poll is handed off in either), so
         * at most {@code carriers + isolationCarriers + max} carrier threads run. See {@link
         * #DEFAULT_MAX_EXTRA_CARRIERS}. 0 disables handoff.
         *
         * @param max 0 to 32767 - carriers
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxExtraCarriers(int max) {
            this.maxExtraCarriers = PulseConfig.checkMaxExtraCarriers(max);
            return this;
        }

        /**
         * Sets user hooks, called beside Pulse's own. Default: none.
         *
         * @param hooks the hooks
         * @return this builder
         */
        public Builder hooks(PreemptionHooks hooks) {
            this.hooks = Objects.requireNonNull(hooks, "hooks");
            return this;
        }

        /**
         * Sets how late a timed park may end, so that the timer ends several at one wake-up; see
         * {@link #DEFAULT_TIMER_SLACK}. {@link Duration#ZERO}: each at its deadline.
         *
         * @param slack 0 to 10 ms
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder timerSlack(Duration slack) {
            this.timerSlack = PulseConfig.checkTimerSlack(slack);
            return this;
        }

        /**
         * Sets the least time between two slow-task warnings; see {@link
         * #DEFAULT_WARN_INTERVAL}.
         *
         * @param interval 0 to 1 hour
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder warnInterval(Duration interval) {
            this.warnInterval = PulseConfig.checkWarnInterval(interval);
            return this;
        }

        /**
         * Sets the clock Pulse reads (tests inject a fake one). Default {@link
         * NanoClock#system()}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(NanoClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the CPU timer carriers read. Default {@link CpuTimers#best()}.
         *
         * @param timer the timer
         * @return this builder
         */
        public Builder cpuTimer(CpuTimer timer) {
            this.cpuTimer = Objects.requireNonNull(timer, "cpuTimer");
            return this;
        }

        /**
         * The validated settings, without starting anything.
         *
         * @return the configuration
         * @throws IllegalArgumentException if the settings disagree (for example {@code
         *     handoffAfter} shorter than the slice)
         */
        public PulseConfig toConfig() {
            return new PulseConfig(
                    name != null ? name : "pulse-" + NEXT_ID.incrementAndGet(),
                    enabled != null ? enabled : Pulse.enabledByDefault(),
                    carriers,
                    isolationCarriers != null ? isolationCarriers : carriers,
                    slice,
                    budgetUnits,
                    tierPolicy,
                    handoffAfter,
                    maxExtraCarriers,
                    hooks,
                    timerSlack,
                    warnInterval,
                    clock,
                    cpuTimer != null ? cpuTimer : CpuTimers.best(),
                    pollHistograms);
        }

        /**
         * Starts a runtime with these settings.
         *
         * @return the running runtime
         * @throws IllegalArgumentException if the settings disagree
         * @throws IllegalStateException if {@code java.lang} is not open to Pulse (the message
         *     names the JVM option to add)
         */
        public PulseRuntime build() {
            return start(toConfig());
        }
    }
}
