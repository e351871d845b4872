/**
 * {@link dev.pulse.hooks.PreemptionHooks}: user code called around every poll and forced yield,
 * and {@link dev.pulse.hooks.NoOpHooks}, the default when none are configured.
 */
package dev.pulse.hooks;
