/**
 * The tier vocabulary users see: {@link dev.pulse.tier.Tier} (MONITOR, WARN, YIELD, ISOLATE),
 * the validated {@link dev.pulse.tier.TierPolicy} that says when a task moves, and {@link
 * dev.pulse.tier.TaskState}, the read-only view of one task that hooks, metrics and {@code
 * PulseRuntime.tasks()} hand out.
 *
 * <p>The machinery that applies the policy lives in an internal package ({@code
 * dev.pulse.tracking}); docs/ARCHITECTURE.md draws the transitions.
 */
package dev.pulse.tier;
