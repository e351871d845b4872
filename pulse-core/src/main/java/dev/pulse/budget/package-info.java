/**
 * Internal (not exported): per-task budget state: units left until the next time check, the slice deadline and the tier,
 * packed into one small object. See {@link dev.pulse.budget.TaskBudget}.
 *
 * <p>Memory ordering: budget units and the deadline are owner-only (plain writes, opaque reads by
 * observers, Rust's {@code Relaxed}); the tier is written with release and read with acquire.
 */
package dev.pulse.budget;
