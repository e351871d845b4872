/**
 * Publishes Pulse runtimes to Micrometer: {@link dev.pulse.micrometer.PulseMeterBinder}.
 */
package dev.pulse.micrometer;
