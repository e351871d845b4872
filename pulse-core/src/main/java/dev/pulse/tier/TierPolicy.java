package dev.pulse.tier;

import java.time.Duration;
import java.util.Objects;

/**
 * When a task moves up or down a tier. Immutable; build with {@link #builder()}, where every
 * setter validates its value and says what is allowed. Nothing is silently clamped.
 *
 * <p><b>Up</b>, one step at a time, on either kind of sustained evidence:
 *
 * <ul>
 *   <li>{@link #promoteAfterSlowPolls()} slow observations in a row, that is without the task
 *       blocking in between (any gap between its polls was scheduling delay: it stayed runnable,
 *       as a hog does; a task that sleeps between slow polls has bursts, not a hog's sustained
 *       load). A slow observation is a poll
 *       whose wall time and CPU time both reached {@link #slowPollThreshold()} (a poll stretched only
 *       by the OS descheduling its carrier is not the task's doing), or a slice that ended while the task
 *       was still running (seen at a checkpoint);
 *   <li>a hot CPU window: over {@link #cpuWindow()} the task used at least {@link
 *       #hotWindowCpuShare()} of one core, even in short polls.
 * </ul>
 *
 * <p><b>Down</b>, one step at a time, with hysteresis: {@link #demoteAfterGoodPolls()} fast polls
 * in a row, at least {@link #minTierDwell()} since the last change, and the last CPU window not
 * hot. "In a row" is broken by the same evidence that counts toward promotion: a slice overrun,
 * or a slow poll while the task stayed runnable; a slow poll right after the task was idle (a
 * burst) neither counts as fast nor starts the run over. Never above {@link #maxTier()}.
 *
 * {@snippet class=dev.pulse.snippets.TierSnippets region=policy}
 *
 * @param slowPollThreshold a poll at least this long (wall and CPU) is slow: more than 0, at most 1
 *     hour
 * @param promoteAfterSlowPolls slow observations in a row that promote a task: 1 to 1,000,000
 * @param demoteAfterGoodPolls fast polls in a row that may demote a task: 1 to 1,000,000
 * @param minTierDwell the least time in a tier before stepping down: 0 to 1 hour
 * @param cpuWindow the window over which CPU share is measured: more than 0, at most 1 hour, and
 *     longer than the slow-poll threshold
 * @param hotWindowCpuShare the share of a core that makes a window hot: more than 0, at most 1
 * @param maxTier the highest tier a task may reach; {@link Tier#MONITOR} only measures
 */
public record TierPolicy(
        Duration slowPollThreshold,
        int promoteAfterSlowPolls,
        int demoteAfterGoodPolls,
        Duration minTierDwell,
        Duration cpuWindow,
        double hotWindowCpuShare,
        Tier maxTier) {

    /**
     * 50 µs: the default slow-poll threshold of tokio-metrics. A poll that long holds a carrier
     * for 50x the cost of a context switch; shorter ones are ordinary request handling.
     */
    public static final Duration DEFAULT_SLOW_POLL_THRESHOLD = Duration.ofNanos(50_000);

    /**
     * 3: one slow poll is noise (a GC pause, a page fault, a cold cache); three in a row is a
     * pattern. At a 1 ms slice a hog reaches YIELD after 6 slices.
     */
    public static final int DEFAULT_PROMOTE_AFTER_SLOW_POLLS = 3;

    /**
     * 100: stepping down needs far more evidence than stepping up (hysteresis), so a task that
     * alternates between bursts and quiet spells does not flap between tiers.
     */
    public static final int DEFAULT_DEMOTE_AFTER_GOOD_POLLS = 100;

    /** 250 ms: a task stays at least this long in a tier before it may step down. */
    public static final Duration DEFAULT_MIN_TIER_DWELL = Duration.ofMillis(250);

    /**
     * 100 ms: long enough to average over a burst of short polls, short enough to react within a
     * user-visible latency budget.
     */
    public static final Duration DEFAULT_CPU_WINDOW = Duration.ofMillis(100);

    /**
     * 0.9: a task that keeps 90 % of a core busy for a whole window is CPU-bound whatever its poll
     * lengths; lower shares are normal for busy I/O tasks.
     */
    public static final double DEFAULT_HOT_WINDOW_CPU_SHARE = 0.9;

    private static final Duration MAX_DURATION = Duration.ofHours(1);

    /**
     * Validates a policy; the builder's setters check the same bounds one at a time.
     *
     * @throws IllegalArgumentException naming the component, the value and the allowed range
     * @throws NullPointerException if a component is {@code null}
     */
    public TierPolicy {
        positive("slowPollThreshold", slowPollThreshold);
        count("promoteAfterSlowPolls", promoteAfterSlowPolls);
        count("demoteAfterGoodPolls", demoteAfterGoodPolls);
        dwell(minTierDwell);
        positive("cpuWindow", cpuWindow);
        share(hotWindowCpuShare);
        Objects.requireNonNull(maxTier, "maxTier");
        if (cpuWindow.compareTo(slowPollThreshold) <= 0) {
            throw new IllegalArgumentException("TierPolicy.cpuWindow (" + cpuWindow
                    + ") must be longer than slowPollThreshold (" + slowPollThreshold + ")");
        }
    }

    /**
     * The default policy.
     *
     * @return a policy with every default
     */
    public static TierPolicy defaults() {
        return builder().build();
    }

    /**
     * A builder with every default set.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this policy's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder()
                .slowPollThreshold(slowPollThreshold)
                .promoteAfterSlowPolls(promoteAfterSlowPolls)
                .demoteAfterGoodPolls(demoteAfterGoodPolls)
                .minTierDwell(minTierDwell)
                .cpuWindow(cpuWindow)
                .hotWindowCpuShare(hotWindowCpuShare)
                .maxTier(maxTier);
    }

    /**
     * The threshold in nanoseconds.
     *
     * @return {@link #slowPollThreshold()} in nanoseconds
     */
    public long slowPollThresholdNanos() {
        return slowPollThreshold.toNanos();
    }

    /**
     * The dwell time in nanoseconds.
     *
     * @return {@link #minTierDwell()} in nanoseconds
     */
    public long minTierDwellNanos() {
        return minTierDwell.toNanos();
    }

    /**
     * The window in nanoseconds.
     *
     * @return {@link #cpuWindow()} in nanoseconds
     */
    public long cpuWindowNanos() {
        return cpuWindow.toNanos();
    }

    /**
     * CPU time in one window that makes it hot.
     *
     * @return {@code cpuWindow * hotWindowCpuShare} in nanoseconds
     */
    public long hotWindowCpuNanos() {
        return (long) (cpuWindow.toNanos() * hotWindowCpuShare);
    }

    private static Duration positive(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero() || value.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(
                    "TierPolicy." + field + " must be more than 0 and at most 1 hour, was " + value);
        }
        return value;
    }

    private static int count(String field, int value) {
        if (value < 1 || value > 1_000_000) {
            throw new IllegalArgumentException("TierPolicy." + field + " must be between 1 and 1000000, was " + value);
        }
        return value;
    }

    private static Duration dwell(Duration dwell) {
        Objects.requireNonNull(dwell, "minTierDwell");
        if (dwell.isNegative() || dwell.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("TierPolicy.minTierDwell must be between 0 and 1 hour, was " + dwell);
        }
        return dwell;
    }

    private static double share(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("TierPolicy.hotWindowCpuShare must be in (0, 1], was " + share);
        }
        return share;
    }

    /**
     * Builds a {@link TierPolicy}. Each setter validates its argument and throws {@link
     * IllegalArgumentException} naming the field, the value and the allowed range; {@link
     * #build()} checks that the thresholds are in order.
     *
     * {@snippet class=dev.pulse.snippets.TierSnippets region=policy}
     */
    public static final class Builder {
        private Duration slowPollThreshold = DEFAULT_SLOW_POLL_THRESHOLD;
        private int promoteAfterSlowPolls = DEFAULT_PROMOTE_AFTER_SLOW_POLLS;
        private int demoteAfterGoodPolls = DEFAULT_DEMOTE_AFTER_GOOD_POLLS;
        private Duration minTierDwell = DEFAULT_MIN_TIER_DWELL;
        private Duration cpuWindow = DEFAULT_CPU_WINDOW;
        private double hotWindowCpuShare = DEFAULT_HOT_WINDOW_CPU_SHARE;
        private Tier maxTier = Tier.ISOLATE;

        private Builder() {}

        /**
         * Sets the slow-poll threshold.
         *
         * @param threshold more than 0, at most 1 hour
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder slowPollThreshold(Duration threshold) {
            this.slowPollThreshold = positive("slowPollThreshold", threshold);
            return this;
        }

        /**
         * Sets how many slow observations in a row promote a task.
         *
         * @param count 1 to 1,000,000
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder promoteAfterSlowPolls(int count) {
            this.promoteAfterSlowPolls = count("promoteAfterSlowPolls", count);
            return this;
        }

        /**
         * Sets how many fast polls in a row may demote a task.
         *
         * @param count 1 to 1,000,000
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder demoteAfterGoodPolls(int count) {
            this.demoteAfterGoodPolls = count("demoteAfterGoodPolls", count);
            return this;
        }

        /**
         * Sets the least time in a tier before stepping down.
         *
         * @param dwell 0 to 1 hour
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder minTierDwell(Duration dwell) {
            this.minTierDwell = dwell(dwell);
            return this;
        }

        /**
         * Sets the CPU window.
         *
         * @param window more than 0, at most 1 hour, and longer than the slow-poll threshold
         *     (checked by {@link #build()})
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder cpuWindow(Duration window) {
            this.cpuWindow = positive("cpuWindow", window);
            return this;
        }

        /**
         * Sets the share of a core that makes a window hot.
         *
         * @param share more than 0, at most 1
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder hotWindowCpuShare(double share) {
            this.hotWindowCpuShare = share(share);
            return this;
        }

        /**
         * Sets the highest tier a task may reach; {@link Tier#MONITOR} only measures.
         *
         * @param tier the ceiling
         * @return this builder
         */
        public Builder maxTier(Tier tier) {
            this.maxTier = Objects.requireNonNull(tier, "maxTier");
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         * @throws IllegalArgumentException if the CPU window is not longer than the slow-poll
         *     threshold
         */
        public TierPolicy build() {
            return new TierPolicy(
                    slowPollThreshold,
                    promoteAfterSlowPolls,
                    demoteAfterGoodPolls,
                    minTierDwell,
                    cpuWindow,
                    hotWindowCpuShare,
                    maxTier);
        }
    }
}
