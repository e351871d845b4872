package dev.pulse.scheduler;

import dev.pulse.PulseConfig;
import dev.pulse.hooks.NoOpHooks;
import dev.pulse.hooks.PreemptionHooks;
import dev.pulse.timing.NanoClock;
import dev.pulse.tracking.TierManager;

/**
 * What every poll of one runtime shares: the settings a poll reads and the collaborators it
 * reports to. One per runtime, immutable; each {@link ScheduledTask} holds it.
 *
 * @param clock the runtime's clock
 * @param tiers the tier manager polls and checkpoints report to
 * @param hooks the user's hooks, or {@code null} for none (so a poll tests one reference)
 * @param faults where failures inside a poll go
 * @param events where JFR events and log lines go
 * @param sliceNanos the runtime's slice
 * @param budgetUnits the units a fresh budget holds
 * @param slowThresholdNanos the slow-poll threshold (also the carrier's CPU-clock re-read point)
 * @param pollHistograms whether carriers record poll-time and delay histograms
 */
record PollContext(
        NanoClock clock,
        TierManager tiers,
        PreemptionHooks hooks,
        Faults faults,
        Events events,
        long sliceNanos,
        int budgetUnits,
        long slowThresholdNanos,
        boolean pollHistograms) {

    static PollContext of(PulseConfig config, TierManager tiers, Faults faults, Events events) {
        return new PollContext(
                config.clock(),
                tiers,
                config.hooks() instanceof NoOpHooks ? null : config.hooks(),
                faults,
                events,
                config.slice().toNanos(),
                config.budgetUnits(),
                config.tierPolicy().slowPollThresholdNanos(),
                config.pollHistograms());
    }
}
