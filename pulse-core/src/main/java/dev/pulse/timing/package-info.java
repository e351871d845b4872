/**
 * Clocks: {@link dev.pulse.timing.CpuTimer} reads the calling thread's CPU time, {@link
 * dev.pulse.timing.CpuTimers#best()} picks the best timer for this machine, and {@link
 * dev.pulse.timing.NanoClock} is the injectable wall clock. Nothing here knows about tiers,
 * tasks or carriers.
 */
package dev.pulse.timing;
