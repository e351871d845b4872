/**
 * Pulse's flight-recorder events, all in category "Pulse": {@link dev.pulse.jfr.SlowPollEvent}
 * ({@code dev.pulse.SlowPoll}), {@link dev.pulse.jfr.TierChangeEvent} ({@code dev.pulse.TierChange}),
 * {@link dev.pulse.jfr.HandoffEvent} ({@code dev.pulse.Handoff}) and {@link
 * dev.pulse.jfr.ForcedYieldEvent} ({@code dev.pulse.ForcedYield}, off by default).
 */
package dev.pulse.jfr;
