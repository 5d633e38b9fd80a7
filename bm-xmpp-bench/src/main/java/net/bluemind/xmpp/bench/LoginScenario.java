package net.bluemind.xmpp.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Logins: connect, secure, authenticate, bind, then close, over and over with a bounded number of logins in
 * progress. Measures sustained logins per second, login latency and the server's CPU per login.
 *
 * <p>
 * Accounts are cycled over {@code --connections} names; as long as that pool is larger than the login
 * concurrency, an account is never logged in twice at once, so resource conflicts do not skew the figures.
 */
final class LoginScenario extends ScenarioBase {

    private static final long PROGRESS_MILLIS = 5000;

    private final LatencyHistogram latency = new LatencyHistogram();
    private final LongAdder logins = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder closing = new LongAdder();
    private ConnectionLauncher launcher;

    LoginScenario(BenchOptions o, ClientPipeline pipeline, ServerProcessProbe probe, PrintStream progress) {
        super(o, pipeline, probe, progress);
    }

    @Override
    public int run(BenchReport report) throws InterruptedException {
        report.failures(failures);
        if (o.connections() < o.loginConcurrency()) {
            progress.println("warning: --connections " + o.connections() + " accounts for --login-concurrency "
                    + o.loginConcurrency() + ": the same account may log in twice at once");
        }
        // presence is pointless for a connection that closes right away and would add broadcast work
        ConnectionSettings settings = pipeline.settingsWithoutPresence();
        launcher = new ConnectionLauncher(o.loginConcurrency(), Long.MAX_VALUE,
                seq -> pipeline.connect(new XmppClientConnection(settings,
                        o.userPrefix() + (o.firstUser() + seq % o.connections()), this), pipeline.nextLoop()));
        launcher.start();

        progress.println("warming up for " + o.warmupSeconds() + " s...");
        boolean alive = waitWithProgress(o.warmupSeconds());
        long before = logins.sum();
        long failedBefore = failed.sum();
        latency.reset();
        OptionalLong cpuBefore = probe == null ? OptionalLong.empty() : probe.cpuNanos();
        long t0 = System.nanoTime();
        if (alive) {
            progress.println("measuring for " + o.durationSeconds() + " s...");
            alive = waitWithProgress(o.durationSeconds());
        }
        long t1 = System.nanoTime();
        long measured = logins.sum() - before;
        long measuredFailures = failed.sum() - failedBefore;
        LatencyHistogram.Snapshot lat = latency.snapshot();
        OptionalLong cpuAfter = probe == null ? OptionalLong.empty() : probe.cpuNanos();
        OptionalLong rss = probe == null ? OptionalLong.empty() : probe.rssBytes();

        launcher.stop();
        launcher.awaitSettled(o.loginTimeoutSeconds() * 1000L + 5000, progress);
        drainClosing();

        double seconds = (t1 - t0) / 1e9;
        report.result("measured_s", seconds);
        report.result("logins", measured);
        report.result("logins_per_s", measured / seconds);
        report.result("login_failures", measuredFailures);
        report.result("login_latency_p50_ms", lat.p50Ms());
        report.result("login_latency_p99_ms", lat.p99Ms());
        report.result("login_latency_p999_ms", lat.p999Ms());
        report.result("login_latency_max_ms", lat.maxMs());
        report.result("logins_total_incl_warmup", logins.sum());
        if (probe != null) {
            report.server("pid", probe.pid());
            rss.ifPresent(v -> report.server("rss_end_kb", v / 1024));
            if (cpuBefore.isPresent() && cpuAfter.isPresent()) {
                long cpu = cpuAfter.getAsLong() - cpuBefore.getAsLong();
                report.server("cpu_s", cpu / 1e9);
                report.server("cpu_cores_busy", cpu / 1e9 / seconds);
                report.server("cpu_per_login_ms", measured == 0 ? Double.NaN : cpu / 1e6 / measured);
            }
        }
        if (logins.sum() == 0) {
            return Scenario.nobodyLoggedIn(report, failures);
        }
        if (!alive) {
            report.outcome("stopped early: no login succeeded at first");
        }
        return EXIT_OK;
    }

    /** @return false when the launcher gave up because nothing works */
    private boolean waitWithProgress(int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long last = logins.sum();
        long lastNanos = System.nanoTime();
        long left;
        while ((left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())) > 0) {
            Thread.sleep(Math.min(left, Math.min(PROGRESS_MILLIS, 500)));
            if (launcher.gaveUp()) {
                return false;
            }
            long now = System.nanoTime();
            if (now - lastNanos >= TimeUnit.MILLISECONDS.toNanos(PROGRESS_MILLIS)) {
                long n = logins.sum();
                progress.printf(Locale.ROOT, "  %.0f logins/s, failures so far %d%n", (n - last) / ((now - lastNanos) / 1e9),
                        failed.sum());
                last = n;
                lastNanos = now;
            }
        }
        return true;
    }

    /** Gives the polite closes in flight a chance to finish before the event loops shut down. */
    private void drainClosing() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pipeline.settings().closeTimeoutMillis() + 1000);
        while (closing.sum() > 0 && System.nanoTime() < end) {
            Thread.sleep(50);
        }
    }

    // ---- connection events (event loops) -------------------------------------------------------------------------

    @Override
    public void onOnline(XmppClientConnection c) {
        logins.increment();
        latency.recordNanos(c.loginNanos());
        closing.increment();
        c.close().addListener(f -> closing.decrement());
        launcher.settled(true);
    }

    @Override
    public void onLoginFailed(XmppClientConnection c, LoginFailure failure) {
        failed.increment();
        failures.loginFailed(failure);
        launcher.settled(false);
    }

    @Override
    public void onLost(XmppClientConnection c, String reason) {
        failures.record("connection lost: " + reason, c.localpart() + ": " + reason);
    }
}
