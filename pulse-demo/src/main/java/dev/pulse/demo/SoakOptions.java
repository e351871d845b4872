package dev.pulse.demo;

import java.util.List;

/**
 * The flags of {@code pulse soak}, parsed and validated.
 *
 * @param minutes how long the soak runs, 1 to 1440
 * @param carriers Pulse's main carriers, 1 to 1024
 * @param json print one JSON object instead of the text report
 */
public record SoakOptions(int minutes, int carriers, boolean json) {

    /** The usage text. */
    public static final String USAGE = """
            usage: pulse soak [--minutes N] [--carriers N] [--json]
              --minutes N   how long the mixed workload runs (1..1440, default 10)
              --carriers N  Pulse's main carriers (1..1024, default: available processors)
              --json        print one JSON object instead of the text report
            Exit code 0 if every task ended exactly once and nothing leaked, 1 otherwise.""";

    /**
     * Parses the flags after {@code soak}.
     *
     * @param args the flags
     * @return the options
     * @throws IllegalArgumentException naming the bad flag and what it allows
     */
    public static SoakOptions parse(List<String> args) {
        int minutes = 10;
        int carriers = Runtime.getRuntime().availableProcessors();
        boolean json = false;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            switch (flag) {
                case "--json" -> json = true;
                case "--minutes" -> minutes = DemoOptions.number(flag, args, ++i, 1, 1440);
                case "--carriers" -> carriers = DemoOptions.number(flag, args, ++i, 1, 1024);
                default -> throw new IllegalArgumentException("unknown flag '" + flag + "'");
            }
        }
        return new SoakOptions(minutes, carriers, json);
    }
}
