package net.bluemind.xmpp.conformance;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The XMPP conformance run: starts bm-xmpp in this JVM, runs the Smack integration test framework
 * against it in a child JVM, and ends with one line {@code conformance: N passed, N failed} and the
 * framework's exit code (0 only when every selected test passed). How to run it and the current
 * result: docs/conformance.md.
 */
public final class ConformanceRun {

    static final int HARNESS_ERROR = 1;

    private ConformanceRun() {
    }

    public static void main(String[] args) {
        int exit;
        try {
            exit = run(ConformanceSettings.fromSystemProperties(), System.out);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // Our own, explained conditions (a taken port, a bad setting): the message says what to do.
            exit = harnessError(e.getMessage());
        } catch (Exception e) {
            e.printStackTrace(System.out);
            exit = harnessError(e.toString());
        }
        System.exit(exit);
    }

    /** A run that could not be carried out counts as one failure, so nothing reads it as a clean pass. */
    private static int harnessError(String why) {
        System.out.println("conformance: the run could not be carried out: " + why);
        System.out.println("conformance: 0 passed, 1 failed");
        return HARNESS_ERROR;
    }

    static int run(ConformanceSettings settings, PrintStream out) throws Exception {
        Path outputDir = settings.outputDir();
        Files.createDirectories(outputDir);
        sendServerLogTo(outputDir);
        SinttestReport report = new SinttestReport();
        int exit = runOnce(settings, outputDir.resolve("sinttest.log"), report, out);
        printSummary(report, exit, settings, out);
        if (exit != FAILED_TESTS || !report.finished() || report.failedTests().isEmpty() || settings.enabledTests().isPresent()) {
            return exit;
        }
        // One more try of the failed classes on a fresh server: a test that fails twice is a failure; one
        // that passes the second time is reported as intermittent, never silently.
        String classes = String.join(",", report.failedTests().stream().map(ConformanceRun::testClass).distinct().toList());
        out.println("conformance: trying the failed classes once more: " + classes);
        SinttestReport retry = new SinttestReport();
        int second = runOnce(settings.onlyTests(classes), outputDir.resolve("sinttest-retry.log"), retry, out);
        printSummary(retry, second, settings, out);
        if (second == 0) {
            out.println("conformance: intermittent (failed once, passed on the second try): " + String.join("; ", report.failedTests()));
            out.println("conformance: " + report.total().getAsInt() + " passed, 0 failed");
        }
        return second;
    }

    static final int FAILED_TESTS = 2;

    /** "Class.method (kind...): why" → "Class". */
    static String testClass(String failed) {
        int dot = failed.indexOf('.');
        return dot > 0 ? failed.substring(0, dot) : failed;
    }

    private static int runOnce(ConformanceSettings settings, Path frameworkLog, SinttestReport report, PrintStream out) throws Exception {
        Path outputDir = settings.outputDir();
        DisabledTests disabled = DisabledTests.load();
        int exit;
        try (ConformanceServer server = ConformanceServer.start(settings)) {
            TrustStore trustStore = TrustStore.write(server.server(), outputDir.resolve("truststore.p12"));
            List<String> command = SinttestCommand.build(settings, trustStore, disabled);
            out.println("conformance: bm-xmpp listening on " + String.join(", ", server.server().describeListeners())
                    + "; server log " + outputDir.resolve("server.log") + ", framework log " + frameworkLog);
            out.println("conformance: disabled " + describe(disabled));
            exit = SinttestProcess.run(command, outputDir.resolve("work"), frameworkLog, settings.timeout(), report::accept);
        }
        return exit;
    }

    /** Before the first log line: the in-process server logs to a file of the run (conformance-logback.xml). */
    private static void sendServerLogTo(Path outputDir) {
        System.setProperty(ConformanceSettings.PREFIX + "outputDir", outputDir.toString());
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "conformance-logback.xml");
        }
    }

    private static String describe(DisabledTests disabled) {
        if (disabled.entries().isEmpty()) {
            return "nothing";
        }
        return String.join(", ", disabled.entries().stream().map(DisabledTests.Entry::name).toList())
                + " (" + DisabledTests.RESOURCE + ")";
    }

    private static void printSummary(SinttestReport report, int exit, ConformanceSettings settings, PrintStream out) {
        out.println();
        if (exit == SinttestProcess.TIMED_OUT) {
            out.println("conformance: the framework was stopped after " + settings.timeout().toMinutes() + " minutes");
        }
        if (report.finished()) {
            out.println("conformance: framework finished " + report.passed() + "/" + report.total().getAsInt() + ", exit code " + exit);
        } else {
            out.println("conformance: the framework ended (exit code " + exit + ") without its summary: "
                    + "counted are the tests it reported before that, plus one failure for the aborted run");
        }
        printList("not run, the server lacks what they need (not counted as failures)", report.notPossible(), out);
        printList("failed tests", report.failedTests(), out);
        out.println("conformance: " + report.passed() + " passed, " + report.failed() + " failed");
    }

    private static void printList(String title, List<String> items, PrintStream out) {
        if (items.isEmpty()) {
            return;
        }
        out.println("conformance: " + title + ":");
        for (String item : items) {
            out.println("  " + item);
        }
    }
}
