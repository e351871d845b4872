/**
 * Runs a Jetty 12 server's request handling on a Pulse runtime: {@link dev.pulse.jetty.PulseJetty}.
 */
package dev.pulse.jetty;
