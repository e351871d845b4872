/**
 * {@link dev.pulse.hooks.PreemptionHooks}: user code called around every poll and forced yield,
 * and {@link dev.pulse.hooks.NoOpHooks}, what a disabled Pulse uses.
 */
package dev.pulse.hooks;
