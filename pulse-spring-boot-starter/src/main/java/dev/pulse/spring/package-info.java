/**
 * Spring Boot 4 auto-configuration for Pulse: {@link dev.pulse.spring.PulseAutoConfiguration}, configured by
 * {@link dev.pulse.spring.PulseProperties}.
 */
package dev.pulse.spring;
