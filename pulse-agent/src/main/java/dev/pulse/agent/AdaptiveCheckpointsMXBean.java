package dev.pulse.agent;

import java.util.List;

/**
 * What adaptive checkpoints did in this JVM, over JMX as {@value AdaptiveCheckpoints#OBJECT_NAME}
 * (registered when the agent runs with {@code adaptive=true}); {@code pulse top} shows it.
 *
 * {@snippet class=dev.pulse.agent.AgentSnippets region=mxbean}
 */
public interface AdaptiveCheckpointsMXBean {

    /**
     * The methods instrumented at run time, oldest first, each as {@code class#method(descriptor)}.
     *
     * @return the methods
     */
    List<String> getMethods();

    /**
     * How many methods were instrumented at run time.
     *
     * @return the count
     */
    long getInstrumentedMethods();

    /**
     * How many chosen methods were left as they were because their class could not be
     * retransformed.
     *
     * @return the count
     */
    long getFailures();

    /**
     * How many chosen methods waited because {@code adaptive-max-per-minute} was reached.
     *
     * @return the count
     */
    long getRateLimited();
}
