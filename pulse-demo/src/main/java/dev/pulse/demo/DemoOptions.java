package dev.pulse.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The flags of {@code pulse demo}, parsed and validated.
 *
 * @param seconds how long each scenario runs, 1 to 600
 * @param hogs CPU hogs per scenario, 1 to 10000
 * @param carriers carriers of each scheduler, 1 to 1024
 * @param lights light virtual threads per scenario, 1 to 100000
 * @param json print one JSON object instead of the table
 * @param jfr the base name of the Pulse scenarios' flight recordings (see {@link Demo#recordingFor}), or {@code null}
 */
public record DemoOptions(int seconds, int hogs, int carriers, int lights, boolean json, Path jfr) {

    /** The usage text. */
    public static final String USAGE = """
            usage: pulse demo [--seconds N] [--hogs N] [--carriers N] [--lights N] [--json] [--jfr FILE]
              --seconds N   how long each scenario runs (1..600, default 3)
              --hogs N      CPU-bound virtual threads per scenario (1..10000, default 2 x carriers)
              --carriers N  carrier threads of each scheduler (1..1024, default: available processors)
              --lights N    light virtual threads that wake every 5 ms (1..100000, default 50)
              --json        print one JSON object instead of the table
              --jfr FILE    also write a flight recording of each Pulse scenario beside FILE:
                            out.jfr gives out-pulse-plain-hogs.jfr and so on
                            (read one with: jfr print --events 'dev.pulse.*' out-pulse-plain-hogs.jfr)""";

    /**
     * Parses the flags after {@code demo}.
     *
     * @param args the flags
     * @return the options
     * @throws IllegalArgumentException naming the bad flag and what it allows
     */
    public static DemoOptions parse(List<String> args) {
        int seconds = 3;
        Integer hogs = null;
        int carriers = Runtime.getRuntime().availableProcessors();
        int lights = 50;
        boolean json = false;
        Path jfr = null;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            switch (flag) {
                case "--json" -> json = true;
                case "--seconds" -> seconds = number(flag, args, ++i, 1, 600);
                case "--hogs" -> hogs = number(flag, args, ++i, 1, 10_000);
                case "--carriers" -> carriers = number(flag, args, ++i, 1, 1024);
                case "--lights" -> lights = number(flag, args, ++i, 1, 100_000);
                case "--jfr" -> jfr = file(flag, args, ++i);
                default -> throw new IllegalArgumentException("unknown flag '" + flag + "'");
            }
        }
        return new DemoOptions(seconds, hogs != null ? hogs : 2 * carriers, carriers, lights, json, jfr);
    }

    private static Path file(String flag, List<String> args, int index) {
        if (index >= args.size() || args.get(index).startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a file name, such as out.jfr");
        }
        Path path = Path.of(args.get(index)).toAbsolutePath();
        Path dir = path.getParent();
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new IllegalArgumentException(
                    flag + " needs a file in a writable directory, got '" + args.get(index) + "'");
        }
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException(flag + " needs a file, not a directory: '" + args.get(index) + "'");
        }
        return path;
    }

    static int number(String flag, List<String> args, int index, int min, int max) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(flag + " needs a whole number from " + min + " to " + max);
        }
        String text = args.get(index);
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    flag + " needs a whole number from " + min + " to " + max + ", got '" + text + "'", e);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    flag + " needs a whole number from " + min + " to " + max + ", got " + value);
        }
        return value;
    }

    /**
     * The flags that reproduce these options, for a child JVM.
     *
     * @return the flags
     */
    public List<String> toArgs() {
        return List.of(
                "--seconds", Integer.toString(seconds),
                "--hogs", Integer.toString(hogs),
                "--carriers", Integer.toString(carriers),
                "--lights", Integer.toString(lights));
    }
}
