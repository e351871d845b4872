package dev.pulse.agent;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The packages whose every method the agent instruments, as given with {@code packages=}: each
 * pattern is a package name ({@code com.acme}: that package only) or a package name followed by
 * {@code .*} ({@code com.acme.*}: that package and all below it).
 *
 * {@snippet class=dev.pulse.agent.AgentSnippets region=packages}
 *
 * @param patterns the patterns, as written
 */
public record PackageFilter(List<String> patterns) {

    /** Matches no class: only annotated code is instrumented. */
    public static final PackageFilter NONE = new PackageFilter(List.of());

    /** The allowed forms, for error messages. */
    static final String FORMS = "a package (com.acme) or a package and all below it (com.acme.*)";

    private static final Pattern PACKAGE = Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
            + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

    /**
     * Validates the patterns.
     *
     * @param patterns the patterns
     * @throws IllegalArgumentException naming a pattern that is neither allowed form
     */
    public PackageFilter {
        patterns = List.copyOf(patterns);
        for (String p : patterns) {
            String name = p.endsWith(".*") ? p.substring(0, p.length() - 2) : p;
            if (!PACKAGE.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + p + "' is not " + FORMS);
            }
        }
    }

    /**
     * Says whether a class is in one of the packages.
     *
     * @param internalName the class's internal name, such as {@code com/acme/Loop$1}
     * @return {@code true} if a pattern matches the class's package
     */
    public boolean matches(String internalName) {
        int slash = internalName.lastIndexOf('/');
        String pkg = slash < 0 ? "" : internalName.substring(0, slash).replace('/', '.');
        for (String p : patterns) {
            if (p.endsWith(".*")) {
                String base = p.substring(0, p.length() - 2);
                if (pkg.equals(base) || pkg.startsWith(base + ".")) {
                    return true;
                }
            } else if (pkg.equals(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Says whether there are no patterns.
     *
     * @return {@code true} if this filter matches nothing
     */
    public boolean isEmpty() {
        return patterns.isEmpty();
    }
}
