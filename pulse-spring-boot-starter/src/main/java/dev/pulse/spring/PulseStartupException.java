package dev.pulse.spring;

/**
 * Why the application could not start with Pulse: a {@code pulse.*} property the runtime
 * refused, or a JVM without the flag Pulse needs. {@link PulseFailureAnalyzer} turns it into
 * Spring Boot's "APPLICATION FAILED TO START" report, with the action to take.
 *
 * {@snippet class=dev.pulse.spring.snippets.SpringSnippets region=failure}
 */
public final class PulseStartupException extends RuntimeException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** The manifest entry that does in an executable jar what the JVM flag does on the command line. */
    public static final String MANIFEST_ENTRY = "Add-Opens: java.base/java.lang";

    /** The action, in the failure report. */
    private final String action;

    private PulseStartupException(String message, String action, Throwable cause) {
        super(message, cause);
        this.action = action;
    }

    static PulseStartupException badProperty(String property, Object value, IllegalArgumentException cause) {
        return new PulseStartupException(
                "Invalid value for '" + property + "' (" + value + "): " + cause.getMessage(),
                "Change '" + property + "' to a value in the range the message gives.",
                cause);
    }

    static PulseStartupException unavailable(String reason, Throwable cause) {
        return new PulseStartupException(
                "Pulse cannot run this application's threads: " + reason,
                "Start the JVM with --add-opens java.base/java.lang=ALL-UNNAMED, or put '" + MANIFEST_ENTRY
                        + "' in the executable jar's manifest, or set pulse.required=false to start without Pulse.",
                cause);
    }

    /**
     * What to do about it.
     *
     * @return the action, for the failure report
     */
    public String action() {
        return action;
    }
}
