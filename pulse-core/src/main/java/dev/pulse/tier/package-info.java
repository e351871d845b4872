/**
 * Graduated intervention: {@link dev.pulse.tier.Tier} (MONITOR, WARN, YIELD, ISOLATE), the
 * validated {@link dev.pulse.tier.TierPolicy}, per-task {@link dev.pulse.tier.TaskState} and the
 * {@link dev.pulse.tier.TierManager} that moves tasks between tiers from what their polls show.
 *
 * <p>Nothing here knows about carriers or pools: the scheduler reports polls and slice ends, and
 * reads back the tier and the {@link dev.pulse.tier.InterventionAction} to take. Time comes in as
 * arguments (from an injected clock), so every decision is deterministic under a fake clock.
 */
package dev.pulse.tier;
