package dev.pulse.jcstress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the {@link RaceControl} run's report: the build must not accept the control merely
 * because jcstress exited with code 1 (a crash, a harness error or a missing test exit 1 too). It
 * passes only if the report shows the forbidden outcome (a lost update) observed, and every
 * configuration ran with no soft or hard error.
 *
 * <p>Usage: {@code java -cp jcstress.jar dev.pulse.jcstress.ControlReport jcstress-control.log};
 * exit code 0 if the race was caught, 1 with one line saying why not.
 */
public final class ControlReport {

    private static final Pattern FINAL_TALLY = Pattern.compile(
            "\\(Results: (\\d+) planned; (\\d+) passed, (\\d+) failed, (\\d+) soft errs, (\\d+) hard errs\\)");

    private ControlReport() {}

    /**
     * Checks the report.
     *
     * @param args the path of the control run's console log
     * @throws IOException if the log cannot be read
     */
    public static void main(String[] args) throws IOException {
        String verdict = check(Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8));
        if (verdict != null) {
            System.err.println("jcstress control: " + verdict + " (see " + args[0] + ")");
            System.exit(1);
        }
        System.out.println("jcstress control: the forbidden lost update was observed, as it must be");
    }

    /**
     * The verdict on a control run's console log.
     *
     * @param lines the log
     * @return {@code null} if the race was caught cleanly, else why not
     */
    static String check(List<String> lines) {
        long forbidden = lines.stream()
                .filter(l -> l.startsWith(RaceControl.class.getName()) && l.contains("Observed forbidden state: 99"))
                .count();
        Matcher tally = null;
        for (String line : lines) {
            Matcher m = FINAL_TALLY.matcher(line);
            if (m.find()) {
                tally = m; // the last one is the final tally
            }
        }
        if (tally == null) {
            return "no final tally in the report: jcstress did not finish";
        }
        if (Integer.parseInt(tally.group(4)) + Integer.parseInt(tally.group(5)) > 0) {
            return "jcstress reported errors: " + tally.group();
        }
        if (Integer.parseInt(tally.group(1)) == 0) {
            return "no configuration ran: " + tally.group();
        }
        if (forbidden == 0) {
            return "the forbidden outcome (a lost update) was never observed: the harness did not catch the race";
        }
        return null;
    }
}
