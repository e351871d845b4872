package dev.pulse.agent;

/**
 * What instrumenting one class file gave: the bytes to use (the input array itself unless
 * checkpoints were inserted), how many checkpoints were inserted, and why a class that asked for
 * checkpoints was left unchanged, if it was.
 *
 * {@snippet class=dev.pulse.agent.AgentSnippets region=inserter}
 */
public final class InstrumentResult {

    private final byte[] bytes;
    private final int checkpoints;
    private final String problem;
    private final boolean unreadable;

    InstrumentResult(byte[] bytes, int checkpoints, String problem) {
        this(bytes, checkpoints, problem, false);
    }

    private InstrumentResult(byte[] bytes, int checkpoints, String problem, boolean unreadable) {
        this.bytes = bytes;
        this.checkpoints = checkpoints;
        this.problem = problem;
        this.unreadable = unreadable;
    }

    static InstrumentResult unchanged(byte[] bytes) {
        return new InstrumentResult(bytes, 0, null);
    }

    static InstrumentResult failed(byte[] bytes, String problem) {
        return new InstrumentResult(bytes, 0, problem);
    }

    static InstrumentResult unreadable(byte[] bytes, String problem) {
        return new InstrumentResult(bytes, 0, problem, true);
    }

    /**
     * Says whether the input was no class file at all (it could not be parsed), as opposed to a
     * class that could not be instrumented; {@link #problem()} says why.
     *
     * @return {@code true} for a corrupt or truncated class file
     */
    public boolean unreadable() {
        return unreadable;
    }

    /**
     * The class file to use: the input array itself when nothing was inserted. Not copied.
     *
     * @return the bytes
     */
    @SuppressWarnings("EI_EXPOSE_REP") // the caller hands the array to the JVM or a file
    public byte[] bytes() {
        return bytes;
    }

    /**
     * How many checkpoints were inserted.
     *
     * @return the count; 0 when the class is unchanged
     */
    public int checkpoints() {
        return checkpoints;
    }

    /**
     * Why the class was left unchanged although it asked for checkpoints.
     *
     * @return the reason, or {@code null} if there was no problem
     */
    public String problem() {
        return problem;
    }

    /**
     * Says whether the class file was rewritten.
     *
     * @return {@code true} if checkpoints were inserted
     */
    public boolean changed() {
        return checkpoints > 0;
    }
}
