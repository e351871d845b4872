/**
 * A bounded HTTP load on loopback, measured without coordinated omission: {@link dev.pulse.load.HttpLoad}.
 */
package dev.pulse.load;
