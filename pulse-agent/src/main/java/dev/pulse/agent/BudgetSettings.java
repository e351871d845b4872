package dev.pulse.agent;

import dev.pulse.Limits;

/**
 * What one method's inserted checkpoints spend and measure: the values of its {@code
 * PreemptionBudget}, its type's, or the defaults for a method in an agent's {@code packages=}.
 *
 * @param units budget units per checkpoint, 1 to 65535
 * @param sliceMicros the method's slice in microseconds, 10 to 1,000,000, or 0 for the runtime's
 */
public record BudgetSettings(int units, long sliceMicros) {

    /** One unit per checkpoint and the runtime's slice: what {@code @PreemptionBudget} means. */
    public static final BudgetSettings DEFAULTS = new BudgetSettings(1, 0);

    /**
     * Validates the settings.
     *
     * @param units budget units per checkpoint
     * @param sliceMicros the slice in microseconds, or 0
     * @throws IllegalArgumentException naming the value out of range and the allowed range
     */
    public BudgetSettings {
        Limits.checkUnits("units", units);
        if (sliceMicros != 0
                && (sliceMicros < Limits.MIN_SLICE_NANOS / 1_000 || sliceMicros > Limits.MAX_SLICE_NANOS / 1_000)) {
            throw new IllegalArgumentException(
                    "sliceMicros must be 0 (the runtime's slice) or " + Limits.MIN_SLICE_NANOS / 1_000 + " to "
                            + Limits.MAX_SLICE_NANOS / 1_000 + ", was " + sliceMicros);
        }
    }

    /**
     * Says whether the checkpoint is the plain one: {@code CheckpointAbi.checkpoint(task)}, like
     * {@code Pulse.checkpoint()}.
     *
     * @return {@code true} for one unit and the runtime's slice
     */
    boolean isPlain() {
        return units == 1 && sliceMicros == 0;
    }
}
