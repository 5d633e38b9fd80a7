package net.bluemind.xmpp.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.netty.channel.EventLoop;

/**
 * Presence: users in groups of {@code --contacts + 1}, everyone in a group a mutual contact (subscription "both") of
 * everyone else in it; all online; each user changes its presence repeatedly and the server broadcasts every change
 * to the user's online contacts. Measures delivered presence stanzas per second (the fan-out), their latency, and the
 * server's CPU per delivered stanza.
 *
 * <p>
 * The rosters are made over XMPP, so the set-up is the same on every server: each user fetches its roster, sends
 * {@code subscribe} to every group member that is not yet a "both" contact, and accepts every {@code subscribe} it
 * receives with {@code subscribed}; rosters are fetched again until all are complete. Rosters the server keeps across
 * runs make the set-up a single roster fetch.
 *
 * <p>
 * Flow control: a user has at most {@code --window} changes whose deliveries are not all back; deliveries credit the
 * sender found in their {@code from}. A sender whose deliveries stop coming for 10 s is presumed to have lost them
 * (counted) and starts again, so a server that drops broadcasts cannot stall the run.
 */
final class PresenceScenario extends ScenarioBase {

    private static final long PROGRESS_MILLIS = 5000;
    private static final long ROSTER_POLL_MILLIS = 2000;
    private static final int STALL_CHECKS = 10;

    private final int contacts;
    private final User[] users;
    private final LatencyHistogram latency = new LatencyHistogram();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder echoes = new LongAdder();
    private final LongAdder subscriptionStanzas = new LongAdder();
    private final LongAdder presumedLost = new LongAdder();
    private volatile boolean running;
    private volatile CountDownLatch rosterAnswers;
    private volatile ConnectionLauncher launcher;

    /** One account, confined to its connection's event loop except for the atomic counters. */
    private static final class User {
        final int index;
        final XmppClientConnection connection;
        final EventLoop loop;
        /** Deliveries of this user's changes still expected. */
        final AtomicLong outstanding = new AtomicLong();
        final AtomicLong credited = new AtomicLong();
        long creditedAtLastCheck;
        int idleChecks;
        long sent;
        volatile boolean online;
        /** Group members (indexes) not yet "both" contacts, from the last roster fetch. */
        volatile Set<Integer> missing = Set.of();

        User(int index, XmppClientConnection connection, EventLoop loop) {
            this.index = index;
            this.connection = connection;
            this.loop = loop;
        }
    }

    PresenceScenario(BenchOptions o, ClientPipeline pipeline, ServerProcessProbe probe, PrintStream progress) {
        super(o, pipeline, probe, progress);
        this.contacts = o.contacts();
        int groupSize = contacts + 1;
        int count = groupCount(o.connections(), contacts) * groupSize;
        this.users = new User[count];
        List<EventLoop> loops = pipeline.loops();
        for (int i = 0; i < count; i++) {
            XmppClientConnection c = new XmppClientConnection(pipeline.settings(), o.userPrefix() + (o.firstUser() + i),
                    this);
            users[i] = new User(i, c, loops.get(i % loops.size()));
            c.attach(users[i]);
        }
    }

    /** Number of complete groups of {@code contacts + 1} users in {@code connections} (at least one). */
    static int groupCount(int connections, int contacts) {
        return Math.max(1, connections / (contacts + 1));
    }

    /** The index of the user whose full or bare JID is {@code jid}, or -1 when it is not one of ours. */
    static int userIndex(String jid, String prefix, int firstUser, int users) {
        if (jid == null || !jid.startsWith(prefix)) {
            return -1;
        }
        int n = 0;
        int i = prefix.length();
        int digits = 0;
        for (; i < jid.length(); i++, digits++) {
            char ch = jid.charAt(i);
            if (ch < '0' || ch > '9') {
                break;
            }
            if (digits > 9) {
                return -1;
            }
            n = n * 10 + (ch - '0');
        }
        if (digits == 0 || i >= jid.length() || jid.charAt(i) != '@') {
            return -1;
        }
        int index = n - firstUser;
        return index >= 0 && index < users ? index : -1;
    }

    /** The other members of user {@code index}'s group. */
    static List<Integer> groupMembers(int index, int contacts) {
        int groupSize = contacts + 1;
        int first = index / groupSize * groupSize;
        List<Integer> out = new ArrayList<>(contacts);
        for (int i = first; i < first + groupSize; i++) {
            if (i != index) {
                out.add(i);
            }
        }
        return out;
    }

    private String jid(int index) {
        return o.userPrefix() + (o.firstUser() + index) + "@" + o.domain();
    }

    @Override
    public int run(BenchReport report) throws InterruptedException {
        report.failures(failures);
        report.result("users", users.length);
        report.result("contacts_per_user", contacts);
        launcher = new ConnectionLauncher(o.loginConcurrency(), users.length,
                seq -> pipeline.connect(users[(int) seq].connection, users[(int) seq].loop));
        long loginStart = System.nanoTime();
        progress.println("logging in " + users.length + " users (groups of " + (contacts + 1) + ")...");
        launcher.start();
        launcher.awaitSettled(Long.MAX_VALUE, progress);
        report.result("connections_online", launcher.online());
        report.result("login_failures", launcher.failed());
        report.result("login_phase_s", (System.nanoTime() - loginStart) / 1e9);
        if (launcher.online() == 0) {
            return Scenario.nobodyLoggedIn(report, failures);
        }
        if (launcher.online() < users.length) {
            progress.println("not every user is online: rosters cannot be completed");
            report.outcome("only " + launcher.online() + " of " + users.length + " users online");
            closeAll();
            return EXIT_NO_LOGIN;
        }

        long setupStart = System.nanoTime();
        long pendingPairs = makeRosters();
        report.result("roster_setup_s", (System.nanoTime() - setupStart) / 1e9);
        report.result("subscription_stanzas_received", subscriptionStanzas.sum());
        if (pendingPairs > 0) {
            progress.println(pendingPairs + " roster entries still not 'both' after " + o.archiveTimeoutSeconds() + " s");
            report.result("roster_entries_incomplete", pendingPairs);
            report.outcome("rosters incomplete");
            closeAll();
            return EXIT_NO_LOGIN;
        }

        OptionalLong rssBefore = probe == null ? OptionalLong.empty() : probe.rssBytes();
        running = true;
        for (User u : users) {
            u.loop.execute(() -> pump(u));
        }
        progress.println("warming up for " + o.warmupSeconds() + " s...");
        waitWithChecks(o.warmupSeconds());
        long deliveredBefore = delivered.sum();
        long lostBefore = presumedLost.sum();
        long sentBefore = totalSent();
        latency.reset();
        OptionalLong cpuBefore = probe == null ? OptionalLong.empty() : probe.cpuNanos();
        long t0 = System.nanoTime();
        progress.println("measuring for " + o.durationSeconds() + " s...");
        waitWithChecks(o.durationSeconds());
        long t1 = System.nanoTime();
        long count = delivered.sum() - deliveredBefore;
        long sent = totalSent() - sentBefore;
        LatencyHistogram.Snapshot lat = latency.snapshot();
        OptionalLong cpuAfter = probe == null ? OptionalLong.empty() : probe.cpuNanos();
        OptionalLong rssAfter = probe == null ? OptionalLong.empty() : probe.rssBytes();
        running = false;

        double seconds = (t1 - t0) / 1e9;
        report.result("measured_s", seconds);
        report.result("presence_changes_per_s", sent / seconds);
        report.result("delivered_per_s", count / seconds);
        report.result("presence_delivered", count);
        report.result("presence_presumed_lost", presumedLost.sum() - lostBefore);
        report.result("own_presence_echoes", echoes.sum());
        report.result("latency_p50_ms", lat.p50Ms());
        report.result("latency_p99_ms", lat.p99Ms());
        report.result("latency_max_ms", lat.maxMs());
        if (probe != null) {
            report.server("pid", probe.pid());
            rssBefore.ifPresent(v -> report.server("rss_before_kb", v / 1024));
            rssAfter.ifPresent(v -> report.server("rss_end_kb", v / 1024));
            if (cpuBefore.isPresent() && cpuAfter.isPresent()) {
                long cpu = cpuAfter.getAsLong() - cpuBefore.getAsLong();
                report.server("cpu_s", cpu / 1e9);
                report.server("cpu_cores_busy", cpu / 1e9 / seconds);
                report.server("cpu_per_delivered_presence_us", count == 0 ? Double.NaN : cpu / 1e3 / count);
            }
        }
        closeAll();
        return EXIT_OK;
    }

    private long totalSent() throws InterruptedException {
        // sent is confined to each loop: read it there
        AtomicLong sum = new AtomicLong();
        CountDownLatch done = new CountDownLatch(users.length);
        for (User u : users) {
            u.loop.execute(() -> {
                sum.addAndGet(u.sent);
                done.countDown();
            });
        }
        done.await(10, TimeUnit.SECONDS);
        return sum.get();
    }

    private void closeAll() throws InterruptedException {
        progress.println("closing connections...");
        List<XmppClientConnection> all = new ArrayList<>(users.length);
        for (User u : users) {
            all.add(u.connection);
        }
        pipeline.closeAll(all, pipeline.settings().closeTimeoutMillis() + 5000);
    }

    // ---- roster set-up -------------------------------------------------------------------------------------------

    /** Fetches rosters and subscribes until every roster is complete or the time is up; returns what is missing. */
    private long makeRosters() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.archiveTimeoutSeconds());
        int round = 0;
        while (true) {
            long missing = fetchRosters(round);
            progress.println("rosters: " + missing + " entries not yet 'both'");
            if (missing == 0 || System.nanoTime() > deadline) {
                return missing;
            }
            if (round == 0 || round % 5 == 0) {
                // re-sent every few rounds in case a request was lost (e.g. a pending state from an earlier run)
                for (User u : users) {
                    u.loop.execute(() -> subscribeMissing(u));
                }
            }
            round++;
            Thread.sleep(ROSTER_POLL_MILLIS);
        }
    }

    private long fetchRosters(int round) throws InterruptedException {
        CountDownLatch answers = new CountDownLatch(users.length);
        rosterAnswers = answers;
        for (User u : users) {
            u.loop.execute(() -> u.connection.send("<iq type='get' id='roster" + round + "'><query xmlns='" + Ns.ROSTER
                    + "'/></iq>"));
        }
        if (!answers.await(60, TimeUnit.SECONDS)) {
            progress.println("warning: " + answers.getCount() + " roster fetches unanswered after 60 s");
        }
        long missing = 0;
        for (User u : users) {
            missing += u.missing.size();
        }
        return missing;
    }

    private void rosterFetched(User u, XmlElement query) {
        Set<Integer> both = new HashSet<>();
        for (XmlElement item : query.children()) {
            if ("both".equals(item.attr("subscription"))) {
                int idx = userIndex(item.attr("jid"), o.userPrefix(), o.firstUser(), users.length);
                if (idx >= 0) {
                    both.add(idx);
                }
            }
        }
        Set<Integer> missing = new HashSet<>();
        for (int m : groupMembers(u.index, contacts)) {
            if (!both.contains(m)) {
                missing.add(m);
            }
        }
        u.missing = missing;
    }

    private void subscribeMissing(User u) {
        for (int m : u.missing) {
            u.connection.write("<presence to='" + jid(m) + "' type='subscribe'/>");
        }
        u.connection.flush();
    }

    // ---- traffic ---------------------------------------------------------------------------------------------------

    /** Sends presence changes while the window and the channel allow; on the user's loop. */
    private void pump(User u) {
        if (!running || !u.connection.isOnline()) {
            return;
        }
        long limit = (long) (o.window() - 1) * contacts;
        boolean wrote = false;
        while (u.connection.isWritable() && u.outstanding.get() <= limit) {
            u.outstanding.addAndGet(contacts);
            u.sent++;
            // alternate the show value so that every stanza is a real change; the status carries the send time
            u.connection.write("<presence>" + ((u.sent & 1) == 0 ? "<show>away</show>" : "")
                    + "<status>t" + System.nanoTime() + "</status></presence>");
            wrote = true;
            if (!running) {
                break;
            }
        }
        if (wrote) {
            u.connection.flush();
        }
    }

    /**
     * Once a second while traffic runs: senders without any delivery for {@link #STALL_CHECKS} seconds are presumed
     * to have lost what they wait for (a backlogged server still delivers something every few seconds).
     */
    private void checkStalled() {
        for (User u : users) {
            long credited = u.credited.get();
            long out = u.outstanding.get();
            u.idleChecks = credited == u.creditedAtLastCheck && out > 0 ? u.idleChecks + 1 : 0;
            u.creditedAtLastCheck = credited;
            if (u.idleChecks >= STALL_CHECKS) {
                u.idleChecks = 0;
                presumedLost.add(out);
                u.outstanding.addAndGet(-out);
                u.loop.execute(() -> pump(u));
            }
        }
    }

    private void waitWithChecks(int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long lastProgress = System.nanoTime();
        long lastCount = delivered.sum();
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            if (left <= 0) {
                return;
            }
            Thread.sleep(Math.min(left, 1000));
            checkStalled();
            long now = System.nanoTime();
            if (now - lastProgress >= TimeUnit.MILLISECONDS.toNanos(PROGRESS_MILLIS)) {
                long c = delivered.sum();
                progress.printf(Locale.ROOT, "  delivered %.0f presence/s, presumed lost %d%n",
                        (c - lastCount) / ((now - lastProgress) / 1e9), presumedLost.sum());
                lastCount = c;
                lastProgress = now;
            }
        }
    }

    // ---- connection events (event loops) -------------------------------------------------------------------------

    @Override
    public void onOnline(XmppClientConnection c) {
        ((User) c.attachment()).online = true;
        launcher.settled(true);
    }

    @Override
    public void onLoginFailed(XmppClientConnection c, LoginFailure failure) {
        failures.loginFailed(failure);
        launcher.settled(false);
    }

    @Override
    public void onIqResult(XmppClientConnection c, XmlElement iq, long nowNanos) {
        XmlElement query = iq.child("query", Ns.ROSTER);
        String id = iq.attr("id");
        if (query != null && id != null && id.startsWith("roster")) {
            rosterFetched((User) c.attachment(), query);
            CountDownLatch latch = rosterAnswers;
            if (latch != null) {
                latch.countDown();
            }
        }
    }

    @Override
    public void onPresence(XmppClientConnection c, XmlElement presence, long nowNanos) {
        User receiver = (User) c.attachment();
        String type = presence.attr("type");
        if (type != null) {
            if (type.equals("subscribe")) {
                subscriptionStanzas.increment();
                // accept every request: the set-up only asks for the ones it wants
                c.send("<presence to='" + ClientStanzas.escape(bare(presence.attr("from"))) + "' type='subscribed'/>");
            } else if (type.startsWith("subscribe") || type.startsWith("unsubscribe")) {
                subscriptionStanzas.increment();
            }
            return;
        }
        int from = userIndex(presence.attr("from"), o.userPrefix(), o.firstUser(), users.length);
        if (from < 0) {
            return;
        }
        if (from == receiver.index) {
            echoes.increment();
            return;
        }
        User sender = users[from];
        sender.credited.incrementAndGet();
        long left = sender.outstanding.decrementAndGet();
        if (!running) {
            return;
        }
        delivered.increment();
        XmlElement status = presence.child("status");
        if (status != null && status.text().startsWith("t")) {
            try {
                latency.recordNanos(nowNanos - Long.parseLong(status.text().substring(1)));
            } catch (NumberFormatException e) {
                // not one of ours
            }
        }
        if (left == (long) (o.window() - 1) * contacts) {
            sender.loop.execute(() -> pump(sender));
        }
    }

    private static String bare(String jid) {
        if (jid == null) {
            return "";
        }
        int slash = jid.indexOf('/');
        return slash < 0 ? jid : jid.substring(0, slash);
    }

    @Override
    public void onStanzaError(XmppClientConnection c, XmlElement stanza) {
        failures.record("stanza error: <" + stanza.name() + "/> " + stanza.condition(), stanza.toXml());
    }

    @Override
    public void onLost(XmppClientConnection c, String reason) {
        failures.record("connection lost: " + reason, c.localpart() + ": " + reason);
    }

    @Override
    public void onWritabilityChanged(XmppClientConnection c, boolean writable) {
        if (writable) {
            User u = (User) c.attachment();
            pump(u);
        }
    }
}
