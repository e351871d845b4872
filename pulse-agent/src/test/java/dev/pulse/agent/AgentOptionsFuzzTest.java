package dev.pulse.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The agent's option parser against 2,000 generated option strings (seeded; rerun one seed with
 * {@code -Dpulse.seed=N}): it returns options or rejects with one line that names the option and
 * the allowed forms. Any other outcome (another exception, a message over several lines) would
 * reach {@code premain}, where an exception aborts the user's JVM.
 */
class AgentOptionsFuzzTest {

    private static final String[] TOKENS = {
        "packages",
        "verbose",
        "=",
        "=",
        ",",
        ",",
        ":",
        ".*",
        ".",
        "com.acme",
        "a.b.c",
        "org",
        "x",
        "true",
        "false",
        "TRUE",
        "",
        " ",
        "  ",
        "\t",
        "\n",
        "\r\n",
        "\u2028",
        "\u0000",
        "é",
        "名前",
        "1abc",
        "-",
        "..",
        "*",
        "$",
        "_",
        "packages=com.x",
        "verbose=true",
        "verbose=false",
        "=true",
        "packages=",
        "packages=:",
        "packages=com..x",
        "verbose=yes",
        "units=3",
        "\\",
        "'",
        "\"",
        ";",
    };

    @Test
    void everyGeneratedOptionStringParsesOrIsRejectedInOneClearLine() {
        String fixed = System.getProperty("pulse.seed");
        long seed = fixed != null ? Long.parseLong(fixed) : 0x5EED_A6E7L;
        SplittableRandom r = new SplittableRandom(seed);
        int cases = fixed != null ? 1 : 2_000;
        int accepted = 0;
        int rejected = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < cases; i++) {
            long caseSeed = r.nextLong();
            String options = generate(new SplittableRandom(caseSeed));
            try {
                AgentOptions parsed = AgentOptions.parse(options);
                accepted++;
                if (parsed.verbose() && !options.contains("verbose=true")) {
                    failures.add("seed " + caseSeed + ": verbose without verbose=true in '"
                            + AgentOptions.oneLine(options) + "'");
                }
            } catch (IllegalArgumentException e) {
                rejected++;
                String message = e.getMessage();
                if (message == null
                        || message.lines().count() != 1
                        || message.contains("\r")
                        || message.contains("\u2028")
                        || !message.startsWith("bad option '")
                        || !message.contains("; allowed: packages=<package>")) {
                    failures.add("seed " + caseSeed + ": '" + AgentOptions.oneLine(options) + "' -> "
                            + AgentOptions.oneLine(String.valueOf(message)));
                }
            } catch (RuntimeException | Error e) {
                failures.add("seed " + caseSeed + ": '" + AgentOptions.oneLine(options) + "' threw " + e);
            }
        }
        System.out.printf("agent options fuzz: seed %d, %d accepted, %d rejected%n", seed, accepted, rejected);
        if (!failures.isEmpty()) {
            fail(
                    "%d of %d option strings broke the contract (seed %d), first: %s",
                    failures.size(), cases, seed, failures.subList(0, Math.min(5, failures.size())));
        }
        if (fixed == null) { // the generator must exercise both outcomes, or it tests little
            assertThat(accepted).as("accepted").isGreaterThan(100);
            assertThat(rejected).as("rejected").isGreaterThan(100);
        }
    }

    /** 0 to 10 tokens, now and then a valid option on its own, now and then random characters. */
    private static String generate(SplittableRandom r) {
        return switch (r.nextInt(10)) {
            case 0 -> "packages=" + pkg(r) + (r.nextBoolean() ? ",verbose=" + r.nextBoolean() : "");
            case 1 -> "verbose=" + r.nextBoolean() + ",packages=" + pkg(r) + ":" + pkg(r);
            case 2 -> {
                StringBuilder sb = new StringBuilder();
                for (int i = r.nextInt(0, 40); i > 0; i--) {
                    sb.append((char) r.nextInt(0, 0x3000));
                }
                yield sb.toString();
            }
            default -> {
                StringBuilder sb = new StringBuilder();
                for (int i = r.nextInt(0, 11); i > 0; i--) {
                    sb.append(TOKENS[r.nextInt(TOKENS.length)]);
                }
                yield sb.toString();
            }
        };
    }

    private static String pkg(SplittableRandom r) {
        String[] parts = {"com", "acme", "org", "x", "engine", "a1", "b_2"};
        StringBuilder sb = new StringBuilder(parts[r.nextInt(parts.length)]);
        for (int i = r.nextInt(0, 3); i > 0; i--) {
            sb.append('.').append(parts[r.nextInt(parts.length)]);
        }
        return r.nextBoolean() ? sb + ".*" : sb.toString();
    }
}
