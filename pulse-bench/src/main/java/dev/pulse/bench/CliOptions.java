package dev.pulse.bench;

/**
 * The flag parsing the benchmark mains share: a flag's value, or a number in range, each failing
 * with a message that names the flag, what it got and what is allowed; and how a main refuses
 * bad flags.
 */
final class CliOptions {
    private CliOptions() {}

    /** The value after {@code flag} at {@code args[i]}. */
    static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    /** The number after {@code flag} at {@code args[i]}, {@code min} to {@code max}. */
    static int number(String[] args, int i, String flag, int min, int max) {
        String text = value(args, i, flag);
        int n;
        try {
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be " + min + " to " + max + ", got " + text, e);
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(flag + " must be " + min + " to " + max + ", got " + text);
        }
        return n;
    }

    /** Prints what was wrong and the usage to standard error, and exits with status 2. */
    static void refuse(IllegalArgumentException wrong, String usage) {
        System.err.println(wrong.getMessage());
        System.err.println(usage);
        System.exit(2);
    }
}
