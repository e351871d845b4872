/**
 * Pulse's entry points: {@link dev.pulse.Pulse} (static: {@code builder()}, {@code
 * checkpoint()}), {@link dev.pulse.PulseRuntime} (a running instance) and {@link
 * dev.pulse.PulseConfig} (its validated settings).
 */
package dev.pulse;
