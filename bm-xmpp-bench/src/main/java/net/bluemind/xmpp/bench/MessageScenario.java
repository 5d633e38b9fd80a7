package net.bluemind.xmpp.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Messages: users 2i-1 and 2i chat with each other; measures delivered messages per second and the latency from the
 * sender's write to the receiver's parse, after a warm-up, plus the server's CPU cost per delivered message.
 */
final class MessageScenario extends ScenarioBase {

    private static final long PROGRESS_MILLIS = 5000;

    private final MessageStats stats = new MessageStats();
    private final ChatPairs chat;
    private volatile ConnectionLauncher launcher;

    MessageScenario(BenchOptions o, ClientPipeline pipeline, ServerProcessProbe probe, PrintStream progress) {
        super(o, pipeline, probe, progress);
        this.chat = new ChatPairs(o, pipeline, this, stats, ChatBodies.timestamped(o.bodyPadding()));
    }

    @Override
    public int run(BenchReport report) throws InterruptedException {
        report.failures(failures);
        String portWarning = pipeline.portBudgetWarning(chat.connections());
        if (portWarning != null) {
            progress.println("warning: " + portWarning);
        }
        OptionalLong rssBefore = probe == null ? OptionalLong.empty() : probe.rssBytes();

        launcher = chat.launcher();
        long loginStart = System.nanoTime();
        progress.println("logging in " + chat.connections() + " connections...");
        launcher.start();
        launcher.awaitSettled(Long.MAX_VALUE, progress);
        double loginSeconds = (System.nanoTime() - loginStart) / 1e9;
        report.result("connections_online", launcher.online());
        report.result("login_failures", launcher.failed());
        report.result("login_phase_s", loginSeconds);
        if (launcher.online() == 0) {
            return Scenario.nobodyLoggedIn(report, failures);
        }

        int pairs = chat.activate();
        report.result("pairs_active", pairs);
        if (pairs == 0) {
            progress.println("no pair has both partners online; nothing to measure");
            report.outcome("no complete pair online");
            return EXIT_NO_LOGIN;
        }
        chat.start(o.rate());

        progress.println("warming up for " + o.warmupSeconds() + " s...");
        waitWithProgress(o.warmupSeconds());
        MessageStats.Counts before = stats.counts();
        stats.latency.reset();
        OptionalLong cpuBefore = probe == null ? OptionalLong.empty() : probe.cpuNanos();
        long t0 = System.nanoTime();

        progress.println("measuring for " + o.durationSeconds() + " s...");
        waitWithProgress(o.durationSeconds());

        long t1 = System.nanoTime();
        MessageStats.Counts window = stats.counts().minus(before);
        LatencyHistogram.Snapshot latency = stats.latency.snapshot();
        OptionalLong cpuAfter = probe == null ? OptionalLong.empty() : probe.cpuNanos();
        OptionalLong rssAfter = probe == null ? OptionalLong.empty() : probe.rssBytes();
        chat.stop();

        double seconds = (t1 - t0) / 1e9;
        report.result("measured_s", seconds);
        report.result("sent_per_s", window.sent() / seconds);
        report.result("delivered_per_s", window.delivered() / seconds);
        report.result("messages_sent", window.sent());
        report.result("messages_delivered", window.delivered());
        report.result("latency_samples", latency.count());
        report.result("latency_p50_ms", latency.p50Ms());
        report.result("latency_p90_ms", latency.p90Ms());
        report.result("latency_p99_ms", latency.p99Ms());
        report.result("latency_p999_ms", latency.p999Ms());
        report.result("latency_max_ms", latency.maxMs());
        report.result("latency_mean_ms", latency.meanMs());
        report.result("stanza_errors", window.stanzaErrors());
        report.result("connections_lost", window.lostConnections());
        report.result("sends_skipped", window.skipped());
        report.result("unexpected_messages", window.unexpected());
        if (o.rate() > 0 && window.sent() < 0.95 * o.rate() * seconds) {
            progress.println("warning: sent " + (long) (window.sent() / seconds) + " msg/s of the " + o.rate()
                    + " requested: the server pushes back or the generator is saturated");
        }
        serverFigures(report, rssBefore, rssAfter, cpuBefore, cpuAfter, window.delivered(), seconds);

        progress.println("closing connections...");
        long open = chat.closeAll();
        if (open > 0) {
            progress.println(open + " connections did not close in time");
        }
        return EXIT_OK;
    }

    private void waitWithProgress(int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        MessageStats.Counts last = stats.counts();
        long lastNanos = System.nanoTime();
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            if (left <= 0) {
                return;
            }
            Thread.sleep(Math.min(left, PROGRESS_MILLIS));
            long now = System.nanoTime();
            if (now - lastNanos >= TimeUnit.MILLISECONDS.toNanos(PROGRESS_MILLIS) - 50_000_000L) {
                MessageStats.Counts c = stats.counts();
                MessageStats.Counts d = c.minus(last);
                double s = (now - lastNanos) / 1e9;
                progress.printf(Locale.ROOT, "  sent %.0f/s, delivered %.0f/s, errors %d, lost %d%n", d.sent() / s,
                        d.delivered() / s, d.stanzaErrors(), d.lostConnections());
                last = c;
                lastNanos = now;
            }
        }
    }

    private void serverFigures(BenchReport report, OptionalLong rssBefore, OptionalLong rssAfter,
            OptionalLong cpuBefore, OptionalLong cpuAfter, long delivered, double seconds) {
        if (probe == null) {
            return;
        }
        report.server("pid", probe.pid());
        rssBefore.ifPresent(v -> report.server("rss_before_connecting_kb", v / 1024));
        rssAfter.ifPresent(v -> report.server("rss_end_kb", v / 1024));
        if (cpuBefore.isPresent() && cpuAfter.isPresent()) {
            long cpu = cpuAfter.getAsLong() - cpuBefore.getAsLong();
            report.server("cpu_s", cpu / 1e9);
            report.server("cpu_cores_busy", cpu / 1e9 / seconds);
            report.server("cpu_per_delivered_message_us", delivered == 0 ? Double.NaN : cpu / 1e3 / delivered);
        }
    }

    // ---- connection events (event loops) -------------------------------------------------------------------------

    @Override
    public void onOnline(XmppClientConnection c) {
        chat.online(c);
        launcher.settled(true);
    }

    @Override
    public void onLoginFailed(XmppClientConnection c, LoginFailure failure) {
        failures.loginFailed(failure);
        launcher.settled(false);
    }

    @Override
    public void onMessage(XmppClientConnection c, XmlElement message, long nowNanos) {
        chat.delivered(c, message, nowNanos);
    }

    @Override
    public void onStanzaError(XmppClientConnection c, XmlElement stanza) {
        stats.stanzaErrors.increment();
        failures.record("stanza error: <" + stanza.name() + "/> " + stanza.condition(), stanza.toXml());
        chat.bounced(c, stanza);
    }

    @Override
    public void onLost(XmppClientConnection c, String reason) {
        stats.lostConnections.increment();
        failures.record("connection lost: " + reason, c.localpart() + ": " + reason);
    }

    @Override
    public void onWritabilityChanged(XmppClientConnection c, boolean writable) {
        chat.writable(c, writable);
    }
}
