package dev.pulse.agent;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
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
 *   <li>{@code adaptive=true|false}: adaptive checkpoints (default false): when Pulse reports a
 *       task that ran long in one poll, instrument the method that held the carrier at run time
 *       (see {@link AdaptiveCheckpoints}).
 *   <li>{@code adaptive-exclude=<p>[:<p>...]}: packages adaptive checkpoints never touch (the
 *       forms of {@link PackageFilter}); may be given more than once.
 *   <li>{@code adaptive-max-per-minute=<n>}: at most this many methods instrumented at run time
 *       in any minute, 1 to 1000 (default {@value #DEFAULT_ADAPTIVE_MAX_PER_MINUTE}).
 *   <li>{@code adaptive-log=<file>}: append each method instrumented at run time to this file, one
 *       line each, in the form {@code pulse instrument --methods} reads.
 * </ul>
 *
 * {@snippet class=dev.pulse.agent.AgentSnippets region=options}
 *
 * @param packages classes whose every method is instrumented, annotated or not
 * @param verbose whether to print one line per instrumented class
 * @param adaptive whether to instrument, at run time, the methods caught hogging a carrier
 * @param adaptiveExclude packages adaptive checkpoints leave alone
 * @param adaptiveMaxPerMinute at most this many methods instrumented at run time per minute
 * @param adaptiveLog the file each adaptively instrumented method is appended to, or {@code null}
 */
public record AgentOptions(
        PackageFilter packages,
        boolean verbose,
        boolean adaptive,
        PackageFilter adaptiveExclude,
        int adaptiveMaxPerMinute,
        Path adaptiveLog) {

    /**
     * 10: enough for the few hot methods an application has, few enough that a misjudged stack
     * cannot turn the agent into a steady stream of class redefinitions (each one deoptimises the
     * class's compiled code).
     */
    public static final int DEFAULT_ADAPTIVE_MAX_PER_MINUTE = 10;

    /** No packages, quiet, no adaptive checkpoints: only {@code @PreemptionBudget} code is instrumented. */
    public static final AgentOptions DEFAULTS = new AgentOptions(
            PackageFilter.NONE, false, false, PackageFilter.NONE, DEFAULT_ADAPTIVE_MAX_PER_MINUTE, null);

    /** The allowed forms, for error messages. */
    static final String FORMS = "packages=<package>[.*][:<package>[.*]...], verbose=true|false, adaptive=true|false,"
            + " adaptive-exclude=<package>[.*][:...], adaptive-max-per-minute=<1-1000> and adaptive-log=<file>,"
            + " comma-separated";

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
        List<String> exclude = new ArrayList<>();
        boolean verbose = false;
        boolean adaptive = false;
        int maxPerMinute = DEFAULT_ADAPTIVE_MAX_PER_MINUTE;
        Path log = null;
        for (String option : args.split(",", -1)) {
            String trimmed = option.strip();
            int eq = trimmed.indexOf('=');
            String key = eq < 0 ? trimmed : trimmed.substring(0, eq);
            String value = eq < 0 ? null : trimmed.substring(eq + 1);
            switch (key) {
                case "packages" -> packages.addAll(packageList(option, key, value));
                case "adaptive-exclude" -> exclude.addAll(packageList(option, key, value));
                case "verbose" -> verbose = bool(option, key, value);
                case "adaptive" -> adaptive = bool(option, key, value);
                case "adaptive-max-per-minute" -> {
                    try {
                        maxPerMinute = Integer.parseInt(value == null ? "" : value);
                    } catch (NumberFormatException e) {
                        maxPerMinute = 0;
                    }
                    if (maxPerMinute < 1 || maxPerMinute > 1000) {
                        throw bad(option, "adaptive-max-per-minute must be a whole number from 1 to 1000");
                    }
                }
                case "adaptive-log" -> {
                    if (value == null || value.isBlank()) {
                        throw bad(option, "adaptive-log needs a file name");
                    }
                    try {
                        log = Path.of(value);
                    } catch (InvalidPathException e) {
                        throw bad(option, "adaptive-log is not a file name: " + e.getReason());
                    }
                    if (Files.isDirectory(log)) {
                        throw bad(option, "adaptive-log names a directory, not a file");
                    }
                }
                default -> throw bad(option, "unknown option");
            }
        }
        return new AgentOptions(
                new PackageFilter(packages), verbose, adaptive, new PackageFilter(exclude), maxPerMinute, log);
    }

    /**
     * These options with adaptive checkpoints off, for a JVM that cannot retransform classes.
     *
     * @return the options without {@code adaptive=true}
     */
    public AgentOptions withoutAdaptive() {
        return new AgentOptions(packages, verbose, false, adaptiveExclude, adaptiveMaxPerMinute, adaptiveLog);
    }

    private static List<String> packageList(String option, String key, String value) {
        if (value == null || value.isEmpty()) {
            throw bad(option, key + " needs at least one package");
        }
        List<String> these = Arrays.asList(value.split(":", -1));
        try {
            new PackageFilter(these);
        } catch (IllegalArgumentException e) {
            throw bad(option, e.getMessage());
        }
        return these;
    }

    private static boolean bool(String option, String key, String value) {
        if (!"true".equals(value) && !"false".equals(value)) {
            throw bad(option, key + " must be true or false");
        }
        return Boolean.parseBoolean(value);
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
