package net.bluemind.xmpp.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import io.netty.channel.EventLoop;

/**
 * Messages: users 2i-1 and 2i chat with each other; measures delivered messages per second and the latency from the
 * sender's write to the receiver's parse, after a warm-up, plus the server's CPU cost per delivered message.
 */
final class MessageScenario extends ScenarioBase {

	private static final long PROGRESS_MILLIS = 5000;

	private final MessageStats stats = new MessageStats();
	private final ChatSender[] senders;
	private final LoopTraffic[] traffic;
	private final AtomicIntegerArray online;
	private ConnectionLauncher launcher;

	MessageScenario(BenchOptions o, ClientPipeline pipeline, ServerProcessProbe probe, PrintStream progress) {
		super(o, pipeline, probe, progress);
		int connections = 2 * o.pairs();
		this.senders = new ChatSender[connections];
		this.online = new AtomicIntegerArray(connections);
		List<EventLoop> loops = pipeline.loops();
		this.traffic = new LoopTraffic[loops.size()];
		for (int i = 0; i < traffic.length; i++) {
			traffic[i] = new LoopTraffic(loops.get(i), stats, o.window(), o.bodyPadding());
		}
		ConnectionSettings settings = o.presence() ? pipeline.settings() : pipeline.settingsWithoutPresence();
		for (int i = 0; i < connections; i++) {
			// both partners of pair i/2 on the same loop: see LoopTraffic
			LoopTraffic lt = traffic[(i / 2) % traffic.length];
			XmppClientConnection c = new XmppClientConnection(settings, account(i), this);
			senders[i] = new ChatSender(i, c, lt, account(i ^ 1) + "@" + o.domain());
			c.attach(senders[i]);
		}
		for (int i = 0; i < connections; i++) {
			senders[i].partner = senders[i ^ 1];
		}
	}

	private String account(int index) {
		return o.userPrefix() + (o.firstUser() + index);
	}

	@Override
	public int run(BenchReport report) throws InterruptedException {
		report.failures(failures);
		String portWarning = pipeline.portBudgetWarning(senders.length);
		if (portWarning != null) {
			progress.println("warning: " + portWarning);
		}
		OptionalLong rssBefore = probe == null ? OptionalLong.empty() : probe.rssBytes();

		launcher = new ConnectionLauncher(o.loginConcurrency(), senders.length,
				seq -> pipeline.connect(senders[(int) seq].connection, senders[(int) seq].traffic.loop()));
		long loginStart = System.nanoTime();
		progress.println("logging in " + senders.length + " connections...");
		launcher.start();
		launcher.awaitSettled(Long.MAX_VALUE, progress);
		double loginSeconds = (System.nanoTime() - loginStart) / 1e9;
		report.result("connections_online", launcher.online());
		report.result("login_failures", launcher.failed());
		report.result("login_phase_s", loginSeconds);
		if (launcher.online() == 0) {
			return Scenario.nobodyLoggedIn(report, failures);
		}

		int pairs = assignPairs();
		report.result("pairs_active", pairs);
		if (pairs == 0) {
			progress.println("no pair has both partners online; nothing to measure");
			report.outcome("no complete pair online");
			return EXIT_NO_LOGIN;
		}
		startTraffic(pairs);

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
		for (LoopTraffic lt : traffic) {
			lt.loop().execute(lt::stop);
		}

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
		List<XmppClientConnection> all = new ArrayList<>(senders.length);
		Arrays.stream(senders).forEach(s -> all.add(s.connection));
		long open = pipeline.closeAll(all, pipeline.settings().closeTimeoutMillis() + 5000);
		if (open > 0) {
			progress.println(open + " connections did not close in time");
		}
		return EXIT_OK;
	}

	/** Registers every pair whose two connections are online with its loop; returns their number. */
	private int assignPairs() {
		int pairs = 0;
		for (int i = 0; i < senders.length; i += 2) {
			if (online.get(i) == 1 && online.get(i + 1) == 1) {
				senders[i].traffic.add(senders[i]);
				senders[i].traffic.add(senders[i + 1]);
				pairs++;
			}
		}
		return pairs;
	}

	private void startTraffic(int pairs) {
		int totalSenders = 2 * pairs;
		for (LoopTraffic lt : traffic) {
			double share = o.rate() == 0 ? 0 : (double) o.rate() * lt.senderCount() / totalSenders;
			lt.loop().execute(() -> lt.start(share));
		}
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
		online.set(((ChatSender) c.attachment()).index, 1);
		launcher.settled(true);
	}

	@Override
	public void onLoginFailed(XmppClientConnection c, LoginFailure failure) {
		failures.loginFailed(failure);
		launcher.settled(false);
	}

	@Override
	public void onMessage(XmppClientConnection c, XmlElement message, long nowNanos) {
		ChatSender receiver = (ChatSender) c.attachment();
		receiver.traffic.delivered(receiver, message, nowNanos);
	}

	@Override
	public void onStanzaError(XmppClientConnection c, XmlElement stanza) {
		stats.stanzaErrors.increment();
		failures.record("stanza error: <" + stanza.name() + "/> " + stanza.condition(), stanza.toXml());
		if (stanza.name().equals("message")) {
			ChatSender sender = (ChatSender) c.attachment();
			sender.traffic.bounced(sender);
		}
	}

	@Override
	public void onLost(XmppClientConnection c, String reason) {
		stats.lostConnections.increment();
		failures.record("connection lost: " + reason, c.localpart() + ": " + reason);
	}

	@Override
	public void onWritabilityChanged(XmppClientConnection c, boolean writable) {
		if (writable) {
			ChatSender s = (ChatSender) c.attachment();
			s.traffic.writable(s);
		}
	}
}
