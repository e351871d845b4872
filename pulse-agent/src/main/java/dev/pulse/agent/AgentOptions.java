package dev.pulse.agent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The agent's options, from {@code -javaagent:pulse-agent.jar=<options>}: comma-separated
 * {@code key=value} pairs.
 *
 * <ul>
 *   <li>{@code packages=<p>[:<p>...]}: also instrument every method of classes in these packages
 *       (see {@link PackageFilter} for the forms); may be given more than once.
 *   <li>{@code verbose=true|false}: print one line per instrumented class (default false).
 * </ul>
 *
 * {@snippet class=dev.pulse.agent.AgentSnippets region=options}
 *
 * @param packages classes whose every method is instrumented, annotated or not
 * @param verbose whether to print one line per instrumented class
 */
public record AgentOptions(PackageFilter packages, boolean verbose) {

    /** No packages, quiet: only {@code @PreemptionBudget} code is instrumented. */
    public static final AgentOptions DEFAULTS = new AgentOptions(PackageFilter.NONE, false);

    /** The allowed forms, for error messages. */
    static final String FORMS = "packages=<package>[.*][:<package>[.*]...] and verbose=true|false, comma-separated";

    /**
     * Parses an agent argument string.
     *
     * @param args the string after {@code =} in {@code -javaagent}, or {@code null} for none
     * @return the options
     * @throws IllegalArgumentException with one line naming the bad option and the allowed forms
     */
    public static AgentOptions parse(String args) {
        if (args == null || args.isBlank()) {
            return DEFAULTS;
        }
        List<String> packages = new ArrayList<>();
        boolean verbose = false;
        for (String option : args.split(",", -1)) {
            String trimmed = option.strip();
            int eq = trimmed.indexOf('=');
            String key = eq < 0 ? trimmed : trimmed.substring(0, eq);
            String value = eq < 0 ? null : trimmed.substring(eq + 1);
            switch (key) {
                case "packages" -> {
                    if (value == null || value.isEmpty()) {
                        throw bad(option, "packages needs at least one package");
                    }
                    List<String> these = Arrays.asList(value.split(":", -1));
                    try {
                        new PackageFilter(these);
                    } catch (IllegalArgumentException e) {
                        throw bad(option, e.getMessage());
                    }
                    packages.addAll(these);
                }
                case "verbose" -> {
                    if (!"true".equals(value) && !"false".equals(value)) {
                        throw bad(option, "verbose must be true or false");
                    }
                    verbose = Boolean.parseBoolean(value);
                }
                default -> throw bad(option, "unknown option");
            }
        }
        return new AgentOptions(new PackageFilter(packages), verbose);
    }

    private static IllegalArgumentException bad(String option, String why) {
        return new IllegalArgumentException(
                oneLine("bad option '" + option + "' (" + why + ")") + "; allowed: " + FORMS);
    }

    /**
     * The text with every control character and line or paragraph separator written as a
     * backslash-u escape: an option echoed in an error stays on the one line the agent prints.
     */
    static String oneLine(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int type = Character.getType(c);
            if (Character.isISOControl(c)
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
