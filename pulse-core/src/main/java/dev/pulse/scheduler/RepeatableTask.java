package dev.pulse.scheduler;

import java.util.concurrent.ForkJoinTask;

/**
 * A {@link ForkJoinTask} that can be submitted again and again, even while a previous submission
 * is still running: it never completes.
 *
 * <p>{@code ForkJoinTask.doExec} marks a task done only when {@link #exec()} returns {@code true},
 * and a done task never runs again. This class's {@code exec()} always returns {@code false}, so
 * the same object can be queued once per poll, forever, with no allocation (CompletableFuture's
 * async tasks use the same trick). Never join or get it.
 */
abstract class RepeatableTask extends ForkJoinTask<Void> {
    private static final long serialVersionUID = 1L;

    /** For subclasses. */
    protected RepeatableTask() {}

    /** Runs the task once; must not throw. */
    protected abstract void runOnce();

    @Override
    public final Void getRawResult() {
        return null;
    }

    @Override
    protected final void setRawResult(Void value) {
        // no result
    }

    /**
     * Refuses serialization: {@code ForkJoinTask} is serializable, but a scheduling task holds live
     * threads and queues and means nothing in another JVM.
     *
     * @param out unused
     * @throws java.io.NotSerializableException always
     */
    @java.io.Serial
    private void writeObject(java.io.ObjectOutputStream out) throws java.io.NotSerializableException {
        throw new java.io.NotSerializableException(getClass().getName());
    }

    @Override
    protected final boolean exec() {
        runOnce();
        return false; // never done: the task is submitted again
    }
}
