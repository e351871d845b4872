package dev.pulse.agent;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The agent inserted checkpoints, at run time, into a method it caught holding a carrier (agent
 * option {@code adaptive=true}). One event per method.
 *
 * {@snippet class=dev.pulse.agent.AgentSnippets region=event}
 */
@Name("dev.pulse.AdaptiveCheckpoint")
@Label("Adaptive Checkpoint")
@Category("Pulse")
@Description("The agent inserted checkpoints at run time into a method caught holding a carrier")
@StackTrace(false)
public final class AdaptiveCheckpointEvent extends jdk.jfr.Event {
    /** The class's binary name. */
    @Label("Class")
    public String className;

    /** The method's name and descriptor. */
    @Label("Method")
    public String method;

    /** Why this method: what the stack showed. */
    @Label("Why")
    public String why;

    /** The task whose long poll showed the method: its name and id. */
    @Label("Task")
    public String task;

    /** Creates an event; set the fields, then {@code commit()}. */
    public AdaptiveCheckpointEvent() {}
}
