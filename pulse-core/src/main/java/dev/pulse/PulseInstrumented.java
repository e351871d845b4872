package dev.pulse;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The stamp on a class that Pulse's agent or build-time instrumenter rewrote: which {@linkplain
 * CheckpointAbi checkpoint ABI} its inserted calls use. Never written by hand.
 *
 * <p>The instrumenter reads it before it rewrites anything: a class stamped with the version it
 * writes is left as it is (so instrumenting twice, at build time and again by the agent, changes
 * nothing), and a class stamped with a version this Pulse does not know is loaded unchanged with
 * one line saying so. At run time {@link CheckpointAbi#versionOf(Class)} reads it.
 *
 * {@snippet class=dev.pulse.snippets.PulseSnippets region=abi}
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface PulseInstrumented {

    /**
     * The checkpoint ABI version the class's inserted calls use.
     *
     * @return the version, {@link CheckpointAbi#VERSION} for classes this Pulse rewrote
     */
    int abi();
}
