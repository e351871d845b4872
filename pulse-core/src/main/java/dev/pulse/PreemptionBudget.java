package dev.pulse;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks for checkpoints in a method, or in every method of a type, without writing them: the Pulse
 * java agent ({@code -javaagent:pulse-agent.jar}) or the build-time instrumenter ({@code ./pulse
 * instrument}) inserts a checkpoint — what {@link Pulse#checkpoint()} does, with the task looked
 * up once per call — at the method's entry and at every loop back-edge, so its loops yield on a
 * Pulse runtime when the task hogs its carrier. Without the agent or instrumentation the
 * annotation does nothing.
 *
 * <p>On a method it applies to that method and to the lambda bodies written in it; on a type, to
 * every method and constructor of the type (not to nested types, which take their own
 * annotation); a method's annotation overrides its type's. Static initialisers are never
 * instrumented.
 *
 * <p>Each inserted checkpoint spends {@link #units()} of the task's budget (one by default, like a
 * reduction in Erlang's BEAM). {@link #sliceMicros()} gives the code a slice of its own: when the
 * budget runs out at one of its checkpoints, the time since the slice started is measured against
 * it instead of the runtime's slice.
 *
 * {@snippet class=dev.pulse.snippets.PulseSnippets region=annotation}
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.TYPE})
public @interface PreemptionBudget {

    /**
     * Budget units each inserted checkpoint spends: 1 to 65535. An annotation outside that range
     * leaves its class uninstrumented, with one report naming it.
     *
     * @return units per checkpoint
     */
    int units() default 1;

    /**
     * The slice for this code in microseconds, 10 to 1,000,000, or 0 (the default) for the
     * runtime's slice. An annotation outside that range leaves its class uninstrumented, with
     * one report naming it.
     *
     * @return the slice in microseconds, or 0
     */
    long sliceMicros() default 0;
}
