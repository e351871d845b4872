package dev.pulse;

import dev.pulse.hooks.PreemptionHooks;
import dev.pulse.tier.TierPolicy;
import dev.pulse.timing.CpuTimer;
import dev.pulse.timing.NanoClock;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A runtime's validated settings. Made by {@link PulseRuntime.Builder}; the constructor checks
 * every value and throws {@link IllegalArgumentException} naming the setting, the value and what
 * is allowed. Nothing is clamped.
 *
 * {@snippet class=dev.pulse.snippets.PulseSnippets region=config}
 *
 * @param name the runtime's name: letters, digits, {@code . _ -}, 1 to 64 characters
 * @param enabled whether Pulse intervenes; {@code false} runs bare carriers with no-op hooks
 * @param carriers main carriers, 1 to 32767
 * @param isolationCarriers isolation carriers, 1 to 32767
 * @param slice CPU time a task may run in one poll before a checkpoint makes it yield, 10 µs to 1 s
 * @param budgetUnits the most checkpoints between time checks (each grant is paced to last until
 *     the slice's end), 1 to 65535
 * @param tierPolicy when tasks change tier
 * @param handoffAfter how long one poll may hold a carrier while others wait before the watchdog
 *     hands the carrier off; at least the slice and 1 ms, at most 1 hour
 * @param maxExtraCarriers carriers handoffs may add at once, 0 to 32767 - carriers
 * @param hooks user hooks called beside Pulse's own
 * @param timerSlack how late a timed park ({@code sleep}, {@code parkNanos}, timed waits) may end
 *     so that the runtime's timer can end several at one wake-up, 0 (each at its deadline) to 10 ms
 * @param warnInterval least time between two slow-task warnings, 0 to 1 hour
 * @param clock the clock Pulse reads
 * @param cpuTimer the CPU timer carriers read
 * @param pollHistograms whether carriers record poll-time and scheduling-delay histograms (the
 *     percentiles of {@link dev.pulse.metrics.PulseMetrics}); off, each poll skips two histogram
 *     records, and the snapshot's polls, slow polls, totals and percentiles read 0 (per-task
 *     figures and every other counter still count)
 */
public record PulseConfig(
        String name,
        boolean enabled,
        int carriers,
        int isolationCarriers,
        Duration slice,
        int budgetUnits,
        TierPolicy tierPolicy,
        Duration handoffAfter,
        int maxExtraCarriers,
        PreemptionHooks hooks,
        Duration timerSlack,
        Duration warnInterval,
        NanoClock clock,
        CpuTimer cpuTimer,
        boolean pollHistograms) {

    /** The most carriers a pool may have ({@link java.util.concurrent.ForkJoinPool}'s limit). */
    public static final int MAX_CARRIERS = 0x7fff;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration MAX_TIMER_SLACK = Duration.ofMillis(10);

    /**
     * Validates every setting.
     *
     * @throws IllegalArgumentException naming the first bad setting, its value and what is allowed
     * @throws NullPointerException if an object setting is {@code null}
     */
    public PulseConfig {
        checkName(name);
        checkCarriers("carriers", carriers);
        checkCarriers("isolationCarriers", isolationCarriers);
        checkSlice(slice);
        checkBudgetUnits(budgetUnits);
        Objects.requireNonNull(tierPolicy, "tierPolicy");
        checkHandoffAfter(handoffAfter);
        if (handoffAfter.compareTo(slice) < 0) {
            throw new IllegalArgumentException("Pulse handoffAfter (" + handoffAfter
                    + ") must be at least the slice (" + slice + "): a carrier is handed off only"
                    + " after its task had the chance to yield at a checkpoint");
        }
        checkMaxExtraCarriers(maxExtraCarriers);
        if (maxExtraCarriers > MAX_CARRIERS - carriers) {
            throw new IllegalArgumentException("Pulse maxExtraCarriers must be at most " + (MAX_CARRIERS - carriers)
                    + " (32767 - carriers), was " + maxExtraCarriers);
        }
        Objects.requireNonNull(hooks, "hooks");
        checkTimerSlack(timerSlack);
        checkWarnInterval(warnInterval);
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(cpuTimer, "cpuTimer");
    }

    static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "Pulse name must be 1 to 64 letters, digits, '.', '_' or '-', was '" + name + "'");
        }
        return name;
    }

    /**
     * How long a poll with no checkpoint must hold its carrier's CPU before the watchdog calls it
     * long and starts a warning episode: as much CPU as a task with checkpoints spends to reach
     * WARN ({@code promoteAfterSlowPolls} slices), and at least {@link #handoffAfter()}. The floor
     * is there because the thread CPU clock of a carrier on a busy (virtual) machine now and then
     * reads a few ms for a poll that did microseconds of work, and one such reading must not warn
     * a task that sleeps between tiny steps; a poll that has held its carrier for {@code
     * handoffAfter} is what the watchdog already treats as stuck. The one definition of a long
     * poll.
     *
     * @return nanoseconds
     */
    public long longPollNanos() {
        return Math.max(slice.toNanos() * tierPolicy.promoteAfterSlowPolls(), handoffAfter.toNanos());
    }

    static Duration checkSlice(Duration slice) {
        Objects.requireNonNull(slice, "slice");
        if (slice.compareTo(Duration.ofNanos(Limits.MIN_SLICE_NANOS)) < 0
                || slice.compareTo(Duration.ofNanos(Limits.MAX_SLICE_NANOS)) > 0) {
            throw new IllegalArgumentException("Pulse slice must be between 10 us and 1 s, was " + slice);
        }
        return slice;
    }

    static Duration checkTimerSlack(Duration timerSlack) {
        Objects.requireNonNull(timerSlack, "timerSlack");
        if (timerSlack.isNegative() || timerSlack.compareTo(MAX_TIMER_SLACK) > 0) {
            throw new IllegalArgumentException("Pulse timerSlack must be between 0 and 10 ms, was " + timerSlack);
        }
        return timerSlack;
    }

    static int checkBudgetUnits(int budgetUnits) {
        return Limits.checkUnits("Pulse budgetUnits", budgetUnits);
    }

    static Duration checkHandoffAfter(Duration handoffAfter) {
        Objects.requireNonNull(handoffAfter, "handoffAfter");
        if (handoffAfter.compareTo(Duration.ofMillis(1)) < 0 || handoffAfter.compareTo(HOUR) > 0) {
            throw new IllegalArgumentException(
                    "Pulse handoffAfter must be between 1 ms and 1 hour, was " + handoffAfter);
        }
        return handoffAfter;
    }

    static int checkMaxExtraCarriers(int maxExtraCarriers) {
        if (maxExtraCarriers < 0 || maxExtraCarriers > MAX_CARRIERS - 1) {
            throw new IllegalArgumentException(
                    "Pulse maxExtraCarriers must be between 0 and 32766, was " + maxExtraCarriers);
        }
        return maxExtraCarriers;
    }

    static Duration checkWarnInterval(Duration warnInterval) {
        Objects.requireNonNull(warnInterval, "warnInterval");
        if (warnInterval.isNegative() || warnInterval.compareTo(HOUR) > 0) {
            throw new IllegalArgumentException("Pulse warnInterval must be between 0 and 1 hour, was " + warnInterval);
        }
        return warnInterval;
    }

    static int checkCarriers(String field, int value) {
        if (value < 1 || value > MAX_CARRIERS) {
            throw new IllegalArgumentException(
                    "Pulse " + field + " must be between 1 and " + MAX_CARRIERS + ", was " + value);
        }
        return value;
    }
}
