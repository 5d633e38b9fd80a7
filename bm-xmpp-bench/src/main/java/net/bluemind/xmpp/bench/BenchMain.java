package net.bluemind.xmpp.bench;

import java.io.IOException;
import java.io.PrintStream;

/**
 * Entry point: {@code BenchMain <idle|messages|logins|mam|presence> [options]}, or {@code BenchMain compare [options]}.
 *
 * <p>
 * Results go to stdout (and optionally JSON), progress and diagnostics to stderr, so stdout can be kept as the run's
 * record. Exit codes: 0 run completed, 1 nothing could log in (or the run broke), 2 bad command line.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** A finished run: the exit code and the filled report. */
    record Outcome(int code, BenchReport report) {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals(CompareMain.COMMAND)) {
            return CompareMain.run(java.util.Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        if (BenchOptions.wantsHelp(args)) {
            out.print(BenchOptions.usage());
            return Scenario.EXIT_OK;
        }
        BenchOptions o;
        try {
            o = BenchOptions.parse(args);
        } catch (BadOptionException e) {
            err.println("bm-xmpp-bench: " + e.getMessage());
            err.println();
            err.print(BenchOptions.usage());
            return Scenario.EXIT_BAD_OPTIONS;
        }

        Outcome outcome = execute(o, err);
        BenchReport report = outcome.report();
        int code = outcome.code();
        report.print(out);
        if (o.json() != null) {
            try {
                report.writeJson(o.json());
                err.println("results written to " + o.json());
            } catch (IOException e) {
                err.println("bm-xmpp-bench: cannot write " + o.json() + ": " + e);
            }
        }
        return code;
    }

    /** Runs one scenario in this JVM; progress goes to {@code err}. */
    static Outcome execute(BenchOptions o, PrintStream err) {
        BenchReport report = new BenchReport(o.scenario().label, o.describe(), MachineInfo.detect());
        ServerProcessProbe probe = o.serverPid() == 0 ? null : new ServerProcessProbe(o.serverPid());
        int code;
        try (ClientPipeline pipeline = new ClientPipeline(o)) {
            report.environment("transport", pipeline.transportName());
            report.environment("tls_provider", pipeline.tlsProviderName());
            report.environment("io_threads", o.ioThreads());
            Scenario scenario = switch (o.scenario()) {
            case IDLE -> new IdleScenario(o, pipeline, probe, err);
            case MESSAGES -> new MessageScenario(o, pipeline, probe, err);
            case LOGINS -> new LoginScenario(o, pipeline, probe, err);
            case MAM -> new MamScenario(o, pipeline, probe, err);
            case PRESENCE -> new PresenceScenario(o, pipeline, probe, err);
            };
            code = scenario.run(report);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            report.outcome("interrupted");
            code = Scenario.EXIT_NO_LOGIN;
        } catch (Exception e) {
            err.println("bm-xmpp-bench: run aborted: " + e);
            report.outcome("aborted: " + e);
            code = Scenario.EXIT_NO_LOGIN;
        }
        return new Outcome(code, report);
    }
}
