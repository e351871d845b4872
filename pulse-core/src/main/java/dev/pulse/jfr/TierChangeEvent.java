package dev.pulse.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A task moved between tiers.
 *
 * {@snippet class=dev.pulse.snippets.JfrSnippets region=tierchange}
 */
@Name("dev.pulse.TierChange")
@Label("Tier Change")
@Category("Pulse")
@Description("A task was promoted or demoted one tier")
@StackTrace(false)
public final class TierChangeEvent extends jdk.jfr.Event {
    /** The runtime's name. */
    @Label("Runtime")
    public String runtime;

    /** The task's id. */
    @Label("Task Id")
    public long taskId;

    /** The task's name. */
    @Label("Task Name")
    public String taskName;

    /** The tier before. */
    @Label("From")
    public String from;

    /** The tier after. */
    @Label("To")
    public String to;

    /** Why. */
    @Label("Reason")
    public String reason;

    /** Creates an event; set the fields, then {@code commit()}. */
    public TierChangeEvent() {}
}
