package net.bluemind.xmpp.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Idle: open many logged-in connections and keep them. Measures the login rate under a bounded number of
 * concurrent handshakes and what each idle session costs the server in heap (after full GCs) and RSS.
 */
final class IdleScenario extends ScenarioBase {

    private static final long HOLD_PROGRESS_MILLIS = 10_000;

    private final LatencyHistogram loginLatency = new LatencyHistogram();
    private final Queue<XmppClientConnection> connected = new ConcurrentLinkedQueue<>();
    private final LongAdder lost = new LongAdder();
    private ConnectionLauncher launcher;

    IdleScenario(BenchOptions o, ClientPipeline pipeline, ServerProcessProbe probe, PrintStream progress) {
        super(o, pipeline, probe, progress);
    }

    @Override
    public int run(BenchReport report) throws InterruptedException {
        report.failures(failures);
        String portWarning = pipeline.portBudgetWarning(o.connections());
        if (portWarning != null) {
            progress.println("warning: " + portWarning);
        }
        OptionalLong heapBefore = OptionalLong.empty();
        OptionalLong rssBefore = OptionalLong.empty();
        OptionalLong cpuBefore = OptionalLong.empty();
        if (probe != null) {
            progress.println("measuring the server before connecting (GC.run)...");
            heapBefore = probe.usedHeapAfterGc();
            rssBefore = probe.rssBytes();
            cpuBefore = probe.cpuNanos();
        }

        ConnectionSettings settings = o.presence() ? pipeline.settings() : pipeline.settingsWithoutPresence();
        launcher = new ConnectionLauncher(o.loginConcurrency(), o.connections(), seq -> pipeline.connect(
                new XmppClientConnection(settings, o.userPrefix() + (o.firstUser() + seq), this), pipeline.nextLoop()));
        progress.println("logging in " + o.connections() + " connections, " + o.loginConcurrency() + " at a time...");
        long t0 = System.nanoTime();
        launcher.start();
        launcher.awaitSettled(Long.MAX_VALUE, progress);
        double seconds = (System.nanoTime() - t0) / 1e9;
        OptionalLong cpuAfter = probe == null ? OptionalLong.empty() : probe.cpuNanos();
        long online = launcher.online();
        LatencyHistogram.Snapshot latency = loginLatency.snapshot();

        report.result("connections_requested", o.connections());
        report.result("connections_online", online);
        report.result("login_failures", launcher.failed());
        report.result("login_phase_s", seconds);
        report.result("logins_per_s", online / seconds);
        report.result("login_latency_p50_ms", latency.p50Ms());
        report.result("login_latency_p99_ms", latency.p99Ms());
        report.result("login_latency_max_ms", latency.maxMs());
        if (online == 0) {
            return Scenario.nobodyLoggedIn(report, failures);
        }

        if (probe != null) {
            progress.println("measuring the server with " + online + " connections online (GC.run)...");
            OptionalLong heapAfter = probe.usedHeapAfterGc();
            OptionalLong rssAfter = probe.rssBytes();
            report.server("pid", probe.pid());
            perConnection(report, "heap", heapBefore, heapAfter, online);
            perConnection(report, "rss", rssBefore, rssAfter, online);
            if (cpuBefore.isPresent() && cpuAfter.isPresent()) {
                long cpu = cpuAfter.getAsLong() - cpuBefore.getAsLong();
                report.server("cpu_login_phase_s", cpu / 1e9);
                report.server("cpu_per_login_ms", cpu / 1e6 / online);
            }
        }

        hold(report);

        progress.println("closing " + connected.size() + " connections...");
        long tc = System.nanoTime();
        long open = pipeline.closeAll(new ArrayList<>(connected), pipeline.settings().closeTimeoutMillis() + 10_000);
        report.result("close_s", (System.nanoTime() - tc) / 1e9);
        if (open > 0) {
            report.result("connections_not_closed_in_time", open);
        }
        return EXIT_OK;
    }

    private void hold(BenchReport report) throws InterruptedException {
        if (o.durationSeconds() <= 0) {
            return;
        }
        progress.println("holding the connections for " + o.durationSeconds() + " s...");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.durationSeconds());
        long left;
        while ((left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())) > 0) {
            Thread.sleep(Math.min(left, HOLD_PROGRESS_MILLIS));
            progress.println("  connections lost so far: " + lost.sum());
        }
        report.result("held_s", o.durationSeconds());
        report.result("connections_lost_while_held", lost.sum());
    }

    private static void perConnection(BenchReport report, String what, OptionalLong before, OptionalLong after,
            long connections) {
        if (before.isPresent()) {
            report.server(what + "_before_kb", before.getAsLong() / 1024);
        }
        if (after.isPresent()) {
            report.server(what + "_after_kb", after.getAsLong() / 1024);
        }
        if (before.isPresent() && after.isPresent()) {
            report.server(what + "_per_connection_kb", (after.getAsLong() - before.getAsLong()) / 1024.0 / connections);
        }
    }

    // ---- connection events (event loops) -------------------------------------------------------------------------

    @Override
    public void onOnline(XmppClientConnection c) {
        loginLatency.recordNanos(c.loginNanos());
        connected.add(c);
        launcher.settled(true);
    }

    @Override
    public void onLoginFailed(XmppClientConnection c, LoginFailure failure) {
        failures.loginFailed(failure);
        launcher.settled(false);
    }

    @Override
    public void onStanzaError(XmppClientConnection c, XmlElement stanza) {
        failures.record("stanza error: <" + stanza.name() + "/> " + stanza.condition(), stanza.toXml());
    }

    @Override
    public void onLost(XmppClientConnection c, String reason) {
        lost.increment();
        failures.record("connection lost: " + reason, c.localpart() + ": " + reason);
    }
}
