package net.bluemind.xmpp.bench;

/** One benchmark scenario: runs to completion and fills the report. */
interface Scenario {

    int EXIT_OK = 0;
    int EXIT_NO_LOGIN = 1;
    int EXIT_BAD_OPTIONS = 2;

    /** @return the process exit code */
    int run(BenchReport report) throws InterruptedException;

    /** Shared ending of all scenarios when not a single login worked: say why, with the server's own words. */
    static int nobodyLoggedIn(BenchReport report, FailureLog failures) {
        LoginFailure first = failures.firstLoginFailure();
        String why = first == null ? "no login succeeded" : first.describe();
        System.err.println("bm-xmpp-bench: could not log in at all; first failure:");
        System.err.println("  " + why.replace("\n", "\n  "));
        report.outcome("no login succeeded");
        return EXIT_NO_LOGIN;
    }
}
