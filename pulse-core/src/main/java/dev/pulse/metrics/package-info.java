/**
 * Measurements: the single-writer {@link dev.pulse.metrics.LogHistogram} each carrier records
 * into, and {@link dev.pulse.metrics.PulseMetrics}, a runtime's snapshot.
 */
package dev.pulse.metrics;
