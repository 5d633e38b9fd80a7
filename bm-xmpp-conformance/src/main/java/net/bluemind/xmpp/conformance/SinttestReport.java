package net.bluemind.xmpp.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the framework's output says about the run, read line by line (Smack 4.5.0-beta5's messages):
 * its closing {@code finished: P/T [F failed]} line, the failures it lists after it, the tests it could
 * not run here, and, should it abort before the summary, the tests it reported one by one.
 */
final class SinttestReport {

    private static final Pattern FINISHED = Pattern.compile("finished: (\\d+)/(\\d+) \\[(\\d+) failed]");
    private static final Pattern FAILED_HEADER = Pattern.compile("The following \\d+ tests failed");
    /** One entry of the closing list: "SEVERE: Class.method (Normal) failed: exception". */
    private static final Pattern FAILED_TEST = Pattern.compile("^(?:[A-Z]+: )?(\\S+ \\(.*?\\)) failed: (.*)$");
    /** A class whose constructor found the feature missing (TestNotPossibleException). */
    private static final Pattern CLASS_NOT_POSSIBLE = Pattern.compile("Could not run (\\S+) because: (.*)$");
    /** A single test that found the feature missing. */
    private static final Pattern TEST_NOT_POSSIBLE = Pattern.compile("^(?:[A-Z]+: )?(\\S+ \\(.*?\\)) is not possible");
    private static final Pattern TEST_SUCCESS = Pattern.compile("^(?:[A-Z]+: )?\\S+ \\(.*?\\) Success$");
    private static final Pattern TEST_FAILED = Pattern.compile("^(?:[A-Z]+: )?\\S+ \\(.*?\\) Failed$");

    private Integer passed;
    private Integer total;
    private Integer failed;
    private boolean inFailedList;
    private final List<String> failedTests = new ArrayList<>();
    private final List<String> notPossible = new ArrayList<>();
    private int successLines;
    private int failedLines;

    void accept(String line) {
        Matcher m = FINISHED.matcher(line);
        if (m.find()) {
            passed = Integer.valueOf(m.group(1));
            total = Integer.valueOf(m.group(2));
            failed = Integer.valueOf(m.group(3));
        } else if (FAILED_HEADER.matcher(line).find()) {
            inFailedList = true;
        } else if (inFailedList && (m = FAILED_TEST.matcher(line)).matches()) {
            failedTests.add(m.group(1) + ": " + m.group(2));
        } else if ((m = CLASS_NOT_POSSIBLE.matcher(line)).find()) {
            notPossible.add(m.group(1) + ": " + m.group(2));
        } else if ((m = TEST_NOT_POSSIBLE.matcher(line)).find()) {
            notPossible.add(m.group(1));
        } else if (TEST_SUCCESS.matcher(line).matches()) {
            successLines++;
        } else if (TEST_FAILED.matcher(line).matches()) {
            failedLines++;
        }
    }

    /** True when the framework printed its closing summary, false when it aborted or was stopped. */
    boolean finished() {
        return passed != null;
    }

    int passed() {
        return finished() ? passed : successLines;
    }

    /** Failed tests; a run that ended without its summary counts as one more failure, never as a pass. */
    int failed() {
        return finished() ? failed : failedLines + 1;
    }

    /** The tests the framework ran (passed and failed), from its summary. */
    OptionalInt total() {
        return finished() ? OptionalInt.of(total) : OptionalInt.empty();
    }

    List<String> failedTests() {
        return List.copyOf(failedTests);
    }

    /** Test classes and tests the framework did not run because the server lacks what they need. */
    List<String> notPossible() {
        return List.copyOf(notPossible);
    }
}
