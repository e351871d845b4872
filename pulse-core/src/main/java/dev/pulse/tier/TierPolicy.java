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
 */
public final class TierPolicy {

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

    private final Duration slowPollThreshold;
    private final int promoteAfterSlowPolls;
    private final int demoteAfterGoodPolls;
    private final Duration minTierDwell;
    private final Duration cpuWindow;
    private final double hotWindowCpuShare;
    private final Tier maxTier;
    private final long slowPollThresholdNanos;
    private final long minTierDwellNanos;
    private final long cpuWindowNanos;
    private final long hotWindowCpuNanos;

    private TierPolicy(Builder b) {
        this.slowPollThreshold = b.slowPollThreshold;
        this.promoteAfterSlowPolls = b.promoteAfterSlowPolls;
        this.demoteAfterGoodPolls = b.demoteAfterGoodPolls;
        this.minTierDwell = b.minTierDwell;
        this.cpuWindow = b.cpuWindow;
        this.hotWindowCpuShare = b.hotWindowCpuShare;
        this.maxTier = b.maxTier;
        this.slowPollThresholdNanos = slowPollThreshold.toNanos();
        this.minTierDwellNanos = minTierDwell.toNanos();
        this.cpuWindowNanos = cpuWindow.toNanos();
        this.hotWindowCpuNanos = (long) (cpuWindowNanos * hotWindowCpuShare);
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
     * A poll at least this long is slow.
     *
     * @return the threshold
     */
    public Duration slowPollThreshold() {
        return slowPollThreshold;
    }

    /**
     * The threshold in nanoseconds.
     *
     * @return {@link #slowPollThreshold()} in nanoseconds
     */
    public long slowPollThresholdNanos() {
        return slowPollThresholdNanos;
    }

    /**
     * Slow observations in a row that promote a task one tier.
     *
     * @return the count
     */
    public int promoteAfterSlowPolls() {
        return promoteAfterSlowPolls;
    }

    /**
     * Fast polls in a row that (with the dwell time) demote a task one tier.
     *
     * @return the count
     */
    public int demoteAfterGoodPolls() {
        return demoteAfterGoodPolls;
    }

    /**
     * Least time in a tier before stepping down.
     *
     * @return the dwell time
     */
    public Duration minTierDwell() {
        return minTierDwell;
    }

    /**
     * The dwell time in nanoseconds.
     *
     * @return {@link #minTierDwell()} in nanoseconds
     */
    public long minTierDwellNanos() {
        return minTierDwellNanos;
    }

    /**
     * The length of a CPU window.
     *
     * @return the window
     */
    public Duration cpuWindow() {
        return cpuWindow;
    }

    /**
     * The window in nanoseconds.
     *
     * @return {@link #cpuWindow()} in nanoseconds
     */
    public long cpuWindowNanos() {
        return cpuWindowNanos;
    }

    /**
     * The share of one core that makes a window hot.
     *
     * @return a share in (0, 1]
     */
    public double hotWindowCpuShare() {
        return hotWindowCpuShare;
    }

    /**
     * CPU time in one window that makes it hot.
     *
     * @return {@code cpuWindow * hotWindowCpuShare} in nanoseconds
     */
    public long hotWindowCpuNanos() {
        return hotWindowCpuNanos;
    }

    /**
     * The highest tier a task may reach.
     *
     * @return the ceiling
     */
    public Tier maxTier() {
        return maxTier;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TierPolicy p
                && slowPollThreshold.equals(p.slowPollThreshold)
                && promoteAfterSlowPolls == p.promoteAfterSlowPolls
                && demoteAfterGoodPolls == p.demoteAfterGoodPolls
                && minTierDwell.equals(p.minTierDwell)
                && cpuWindow.equals(p.cpuWindow)
                && Double.compare(hotWindowCpuShare, p.hotWindowCpuShare) == 0
                && maxTier == p.maxTier;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                slowPollThreshold,
                promoteAfterSlowPolls,
                demoteAfterGoodPolls,
                minTierDwell,
                cpuWindow,
                hotWindowCpuShare,
                maxTier);
    }

    @Override
    public String toString() {
        return "TierPolicy[slowPollThreshold=" + slowPollThreshold
                + ", promoteAfterSlowPolls=" + promoteAfterSlowPolls
                + ", demoteAfterGoodPolls=" + demoteAfterGoodPolls
                + ", minTierDwell=" + minTierDwell
                + ", cpuWindow=" + cpuWindow
                + ", hotWindowCpuShare=" + hotWindowCpuShare
                + ", maxTier=" + maxTier + "]";
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
            Objects.requireNonNull(dwell, "minTierDwell");
            if (dwell.isNegative() || dwell.compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException(
                        "TierPolicy.minTierDwell must be between 0 and 1 hour, was " + dwell);
            }
            this.minTierDwell = dwell;
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
            if (!(share > 0 && share <= 1)) {
                throw new IllegalArgumentException("TierPolicy.hotWindowCpuShare must be in (0, 1], was " + share);
            }
            this.hotWindowCpuShare = share;
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
            if (cpuWindow.compareTo(slowPollThreshold) <= 0) {
                throw new IllegalArgumentException("TierPolicy.cpuWindow (" + cpuWindow
                        + ") must be longer than slowPollThreshold (" + slowPollThreshold + ")");
            }
            return new TierPolicy(this);
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
                throw new IllegalArgumentException(
                        "TierPolicy." + field + " must be between 1 and 1000000, was " + value);
            }
            return value;
        }
    }
}
