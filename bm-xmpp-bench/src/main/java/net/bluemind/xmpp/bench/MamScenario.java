package net.bluemind.xmpp.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * MAM: query latency on a big archive. Three phases:
 * <ol>
 * <li>fill: {@code --pairs} pairs chat at saturation ({@code --window} messages in flight per sender) until
 * {@code --archive-messages} messages in all have been delivered, each body holding a few common words and one word
 * of its own ({@link ArchiveBodies});</li>
 * <li>catch-up: the archive is written off the delivery path, so the query accounts poll a MAM count until their
 * archives hold what they held before plus what their pair exchanged (the archive may be kept from earlier runs),
 * within {@code --archive-timeout};</li>
 * <li>queries: {@code --query-clients} connections, logged in to accounts of the pairs (other resource, no
 * presence, so they receive no chat), issue {@code --queries} queries in all, one at a time each, the four
 * {@link MamQuery.Kind kinds} in turn; each answer is timed from the query's write to the parse of the closing iq
 * and checked.</li>
 * </ol>
 */
final class MamScenario extends ScenarioBase {

    private static final long PROGRESS_MILLIS = 5000;
    /** The fill gives up when nothing is delivered for this long. */
    private static final long STALL_MILLIS = 60_000;
    private static final long POLL_MILLIS = 250;
    private static final long QUERY_TIMEOUT_MILLIS = 60_000;
    private static final int ID_SAMPLE = 512;

    private final MessageStats stats = new MessageStats();
    private final LongAdder bounced = new LongAdder();
    private final LongAccumulator lastDeliveryNanos = new LongAccumulator(Math::max, Long.MIN_VALUE);
    private final ChatPairs chat;
    /** Archive ids seen by each pair during the fill: where "page after" queries start. */
    private final IdSample[] ids;
    private final String runTag = String.format(Locale.ROOT, "%08x", ThreadLocalRandom.current().nextInt());
    private volatile ArchiveBodies bodies;
    private final List<MamSession> sessions = new ArrayList<>();
    private final AtomicIntegerArray sessionOnline;
    private volatile ConnectionLauncher launcher;

    // query phase
    private final Map<MamQuery.Kind, LatencyHistogram> latency = new EnumMap<>(MamQuery.Kind.class);
    private final Map<MamQuery.Kind, LongAdder> answered = new EnumMap<>(MamQuery.Kind.class);
    private final Map<MamQuery.Kind, LongAdder> failed = new EnumMap<>(MamQuery.Kind.class);
    private final Map<MamQuery.Kind, LongAdder> results = new EnumMap<>(MamQuery.Kind.class);
    private final LatencyHistogram allLatency = new LatencyHistogram();
    private final AtomicLong nextQuery = new AtomicLong();
    private CountDownLatch queriesDone;
    /** Per session: the count its archive must show after the fill, or -1 when unknown. */
    private long[] expectedCount;

    MamScenario(BenchOptions o, ClientPipeline pipeline, ServerProcessProbe probe, PrintStream progress) {
        super(o, pipeline, probe, progress);
        this.chat = new ChatPairs(o, pipeline, this, stats, (s, seq, now) -> bodies.body(s, seq, now));
        this.ids = new IdSample[o.pairs()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = new IdSample(ID_SAMPLE, i);
        }
        this.sessionOnline = new AtomicIntegerArray(o.queryClients());
        for (MamQuery.Kind k : MamQuery.Kind.values()) {
            latency.put(k, new LatencyHistogram());
            answered.put(k, new LongAdder());
            failed.put(k, new LongAdder());
            results.put(k, new LongAdder());
        }
    }

    @Override
    public int run(BenchReport report) throws InterruptedException {
        report.failures(failures);
        String portWarning = pipeline.portBudgetWarning(chat.connections() + (long) o.queryClients());
        if (portWarning != null) {
            progress.println("warning: " + portWarning);
        }

        // ---- logins ----
        launcher = chat.launcher();
        long loginStart = System.nanoTime();
        progress.println("logging in " + chat.connections() + " chat connections...");
        launcher.start();
        launcher.awaitSettled(Long.MAX_VALUE, progress);
        report.result("connections_online", launcher.online());
        report.result("login_failures", launcher.failed());
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
        long totalToSend = planFill();
        List<MamSession> queriers = loginQueryClients();
        report.result("query_clients_online", queriers.size());
        report.result("login_phase_s", (System.nanoTime() - loginStart) / 1e9);
        if (queriers.isEmpty()) {
            progress.println("no query connection could log in");
            report.outcome("no query client online");
            chat.closeAll();
            return EXIT_NO_LOGIN;
        }
        long[] countBefore = counts(queriers);
        MamSession watched = queriers.get(0);
        report.result("archive_owner", chat.account(watched.account));
        report.result("archive_count_before", countBefore[0]);

        // ---- fill ----
        OptionalLong cpuFill0 = cpuNanos();
        progress.println("filling the archive: " + totalToSend + " messages over " + pairs + " pairs (window "
                + o.window() + ")...");
        long fillStart = System.nanoTime();
        chat.start(0);
        boolean filled = awaitFill(totalToSend);
        chat.stop();
        long fillEnd = lastDeliveryNanos.get() == Long.MIN_VALUE ? System.nanoTime() : lastDeliveryNanos.get();
        OptionalLong cpuFill1 = cpuNanos();
        fillFigures(report, fillStart, fillEnd, cpuFill0, cpuFill1);
        if (!filled) {
            report.outcome("fill stalled: nothing delivered for " + STALL_MILLIS / 1000 + " s");
        }

        // ---- catch-up ----
        expectedCount = new long[o.queryClients()];
        Arrays.fill(expectedCount, -1);
        for (int i = 0; i < queriers.size(); i++) {
            MamSession s = queriers.get(i);
            long exchanged = chat.senders[2 * s.pair].received + chat.senders[2 * s.pair + 1].received;
            expectedCount[s.index] = countBefore[i] < 0 ? -1 : countBefore[i] + exchanged;
        }
        report.result("archive_count_expected", expectedCount[watched.index]);
        awaitArchive(report, queriers, fillEnd);

        progress.println("closing the chat connections...");
        long open = chat.closeAll();
        if (open > 0) {
            progress.println(open + " chat connections did not close in time");
        }

        // ---- queries ----
        progress.println("querying: " + o.queries() + " queries from " + queriers.size() + " connections...");
        OptionalLong cpuQ0 = cpuNanos();
        long q0 = System.nanoTime();
        queriesDone = new CountDownLatch(o.queries());
        for (MamSession s : queriers) {
            issueNext(s);
        }
        awaitQueries();
        long q1 = System.nanoTime();
        OptionalLong cpuQ1 = cpuNanos();
        queryFigures(report, (q1 - q0) / 1e9, cpuQ0, cpuQ1);

        List<XmppClientConnection> conns = new ArrayList<>();
        queriers.forEach(s -> conns.add(s.connection));
        pipeline.closeAll(conns, pipeline.settings().closeTimeoutMillis() + 5000);
        return EXIT_OK;
    }

    /** Numbers the senders of the active pairs and gives each its share of the messages; returns the total. */
    private long planFill() {
        int[] slotOf = new int[chat.connections()];
        Arrays.fill(slotOf, -1);
        int slots = 0;
        for (ChatSender s : chat.senders) {
            if (chat.active(s.index / 2)) {
                slotOf[s.index] = slots++;
            }
        }
        long[] quota = ArchiveBodies.quotas(o.archiveMessages(), slots);
        long total = 0;
        for (ChatSender s : chat.senders) {
            if (slotOf[s.index] >= 0) {
                s.limit = quota[slotOf[s.index]];
                total += s.limit;
            } else {
                s.limit = 0;
            }
        }
        // published to the loops by the start tasks of chat.start()
        bodies = new ArchiveBodies(runTag, slotOf, slots);
        return total;
    }

    private List<MamSession> loginQueryClients() throws InterruptedException {
        List<Integer> active = new ArrayList<>();
        for (int p = 0; p < o.pairs(); p++) {
            if (chat.active(p)) {
                active.add(p);
            }
        }
        ConnectionSettings base = pipeline.settingsWithoutPresence();
        for (int j = 0; j < o.queryClients(); j++) {
            int pair = active.get(j % active.size());
            int account = 2 * pair + (j / active.size()) % 2;
            XmppClientConnection c = new XmppClientConnection(base.withResource(o.resource() + "-mam" + j),
                    chat.account(account), this);
            MamSession s = new MamSession(j, c, pipeline.nextLoop(), account, pair, chat.jid(account ^ 1),
                    QUERY_TIMEOUT_MILLIS);
            c.attach(s);
            sessions.add(s);
        }
        launcher = new ConnectionLauncher(o.loginConcurrency(), sessions.size(),
                seq -> pipeline.connect(sessions.get((int) seq).connection, sessions.get((int) seq).loop));
        progress.println("logging in " + sessions.size() + " query connections...");
        launcher.start();
        launcher.awaitSettled(Long.MAX_VALUE, progress);
        List<MamSession> online = new ArrayList<>();
        for (MamSession s : sessions) {
            if (sessionOnline.get(s.index) == 1) {
                online.add(s);
            }
        }
        return online;
    }

    /** One count query per session, in parallel; -1 for those that got no count. */
    private long[] counts(List<MamSession> list) throws InterruptedException {
        List<CompletableFuture<MamAnswer>> answers = new ArrayList<>();
        for (MamSession s : list) {
            answers.add(s.query(MamQuery.count()));
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = -1;
            try {
                MamAnswer a = answers.get(i).get(QUERY_TIMEOUT_MILLIS + 1000, TimeUnit.MILLISECONDS);
                String problem = a.problem(MamQuery.count(), null, -1);
                if (problem == null) {
                    out[i] = a.count();
                } else {
                    failures.record("mam count poll: " + (a.error() != null ? "error " + a.error() : "wrong answer"),
                            a.error() != null ? a.errorXml() : problem);
                }
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                failures.record("mam count poll: no answer", String.valueOf(cause.getMessage()));
            }
        }
        return out;
    }

    private boolean awaitFill(long total) throws InterruptedException {
        long lastProgress = System.nanoTime();
        long lastPrint = lastProgress;
        long lastSettled = 0;
        long printedDelivered = 0;
        while (true) {
            Thread.sleep(100);
            long delivered = stats.delivered.sum();
            long settled = delivered + bounced.sum();
            long now = System.nanoTime();
            if (settled >= total) {
                return true;
            }
            if (settled != lastSettled) {
                lastSettled = settled;
                lastProgress = now;
            } else if (now - lastProgress > TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS)) {
                progress.println("warning: nothing delivered for " + STALL_MILLIS / 1000 + " s: " + settled + " of "
                        + total + " messages settled; going on with what was delivered");
                return false;
            }
            if (now - lastPrint >= TimeUnit.MILLISECONDS.toNanos(PROGRESS_MILLIS)) {
                progress.printf(Locale.ROOT, "  delivered %d of %d (%.0f/s), bounced %d, lost %d%n", delivered, total,
                        (delivered - printedDelivered) / ((now - lastPrint) / 1e9), bounced.sum(),
                        stats.lostConnections.sum());
                printedDelivered = delivered;
                lastPrint = now;
            }
        }
    }

    private void fillFigures(BenchReport report, long start, long end, OptionalLong cpu0, OptionalLong cpu1) {
        long sent = 0;
        for (ChatSender s : chat.senders) {
            sent += s.sent();
        }
        long delivered = stats.delivered.sum();
        double seconds = Math.max(end - start, 1) / 1e9;
        LatencyHistogram.Snapshot lat = stats.latency.snapshot();
        report.result("fill_messages_sent", sent);
        report.result("fill_messages_delivered", delivered);
        report.result("fill_messages_bounced", bounced.sum());
        report.result("fill_s", seconds);
        report.result("fill_delivered_per_s", delivered / seconds);
        report.result("fill_latency_p50_ms", lat.p50Ms());
        report.result("fill_latency_p99_ms", lat.p99Ms());
        report.result("fill_latency_max_ms", lat.maxMs());
        if (cpu0.isPresent() && cpu1.isPresent()) {
            long cpu = cpu1.getAsLong() - cpu0.getAsLong();
            report.server("pid", probe.pid());
            report.server("cpu_fill_s", cpu / 1e9);
            report.server("cpu_per_fill_message_us", delivered == 0 ? Double.NaN : cpu / 1e3 / delivered);
        }
    }

    /**
     * Polls the query accounts' counts until each holds what it must; reports how long after the last delivery the
     * last of them got there.
     */
    private void awaitArchive(BenchReport report, List<MamSession> queriers, long fillEnd)
            throws InterruptedException {
        progress.println("waiting for the archive (count " + expectedCount[queriers.get(0).index] + " for "
                + chat.account(queriers.get(0).account) + ", at most " + o.archiveTimeoutSeconds() + " s)...");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.archiveTimeoutSeconds());
        List<MamSession> waiting = new ArrayList<>();
        for (MamSession s : queriers) {
            if (expectedCount[s.index] >= 0) {
                waiting.add(s);
            }
        }
        long[] last = new long[o.queryClients()];
        Arrays.fill(last, -1);
        long caughtUp = Long.MIN_VALUE;
        long lastPrint = System.nanoTime();
        int polls = 0;
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            long[] c = counts(waiting);
            polls++;
            long now = System.nanoTime();
            List<MamSession> still = new ArrayList<>();
            for (int i = 0; i < c.length; i++) {
                MamSession s = waiting.get(i);
                last[s.index] = c[i];
                if (c[i] >= expectedCount[s.index]) {
                    caughtUp = now;
                } else {
                    still.add(s);
                }
            }
            waiting = still;
            if (!waiting.isEmpty()) {
                if (now - lastPrint >= TimeUnit.MILLISECONDS.toNanos(PROGRESS_MILLIS)) {
                    MamSession s = waiting.get(0);
                    progress.println("  " + chat.account(s.account) + ": " + last[s.index] + " of "
                            + expectedCount[s.index] + " archived");
                    lastPrint = now;
                }
                Thread.sleep(POLL_MILLIS);
            }
        }
        MamSession watched = queriers.get(0);
        report.result("archive_count_after", last[watched.index]);
        report.result("archive_polls", polls);
        if (waiting.isEmpty() && caughtUp != Long.MIN_VALUE) {
            report.result("archive_catch_up_s", Math.max(0, caughtUp - fillEnd) / 1e9);
        } else if (waiting.isEmpty()) {
            report.result("archive_catch_up_s", "n/a (no count known)");
        } else {
            MamSession s = waiting.get(0);
            String why = "archive incomplete after " + o.archiveTimeoutSeconds() + " s: " + chat.account(s.account)
                    + " holds " + last[s.index] + " of " + expectedCount[s.index];
            progress.println("warning: " + why + "; querying anyway");
            report.result("archive_catch_up_s", "> " + o.archiveTimeoutSeconds());
            report.outcome(why);
        }
        for (MamSession s : queriers) {
            if (last[s.index] > expectedCount[s.index] && expectedCount[s.index] >= 0) {
                progress.println("note: " + chat.account(s.account) + " holds " + last[s.index]
                        + " messages, more than the " + expectedCount[s.index] + " expected");
            }
        }
    }

    // ---- query phase -------------------------------------------------------------------------------------------

    /** A query and what its answer must contain. */
    private record Planned(MamQuery query, String word, long expectedCount, String impossible) {
    }

    private void issueNext(MamSession s) {
        long n = nextQuery.getAndIncrement();
        if (n >= o.queries()) {
            return;
        }
        Planned p = plan(s, n);
        if (p.impossible != null) {
            failed.get(p.query.kind()).increment();
            failures.record("mam " + p.query.kind().label + ": cannot be planned", p.impossible);
            queriesDone.countDown();
            s.loop.execute(() -> issueNext(s));
            return;
        }
        s.query(p.query).whenComplete((answer, failure) -> {
            record(s, p, answer, failure);
            queriesDone.countDown();
            issueNext(s);
        });
    }

    private Planned plan(MamSession s, long n) {
        switch (MamQuery.Kind.forQuery(n)) {
        case LAST_PAGE:
            return new Planned(MamQuery.lastPageWith(s.partnerJid), null, -1, null);
        case PAGE_AFTER: {
            String id = ids[s.pair].pick(s.random);
            if (id == null) {
                return new Planned(MamQuery.pageAfter("?"), null, -1,
                        "no archive id known in pair " + s.pair + " (no <stanza-id/> seen during the fill)");
            }
            return new Planned(MamQuery.pageAfter(id), null, -1, null);
        }
        case FULLTEXT: {
            ChatSender a = chat.senders[2 * s.pair];
            ChatSender b = chat.senders[2 * s.pair + 1];
            ChatSender from = a.sent() == 0 ? b : b.sent() == 0 ? a : s.random.nextBoolean() ? a : b;
            if (from.sent() == 0) {
                return new Planned(MamQuery.fullText("?"), null, -1, "pair " + s.pair + " sent nothing");
            }
            long seq = 1 + s.random.nextLong(from.sent());
            String word = bodies.word(bodies.number(slotOf(from), seq));
            return new Planned(MamQuery.fullText(word), word, -1, null);
        }
        default:
            return new Planned(MamQuery.count(), null, expectedCount[s.index], null);
        }
    }

    private int slotOf(ChatSender s) {
        return bodies.slot(s.index);
    }

    /** On the session's loop. */
    private void record(MamSession s, Planned p, MamAnswer a, Throwable failure) {
        MamQuery.Kind kind = p.query.kind();
        String label = "mam " + kind.label + ": ";
        if (failure != null) {
            failed.get(kind).increment();
            failures.record(label + "no answer", String.valueOf(failure.getMessage()));
            return;
        }
        if (a.error() != null) {
            failed.get(kind).increment();
            failures.record(label + "error " + a.error(), p.query.toXml("…") + "\n-> " + a.errorXml());
            return;
        }
        latency.get(kind).recordNanos(a.latencyNanos());
        allLatency.recordNanos(a.latencyNanos());
        answered.get(kind).increment();
        results.get(kind).add(a.ids().size());
        String problem = a.problem(p.query, p.word, p.expectedCount);
        if (problem != null) {
            failed.get(kind).increment();
            failures.record(label + "wrong answer", chat.account(s.account) + ": " + problem + " (query "
                    + p.query.toXml("…") + ")");
        }
    }

    private void awaitQueries() throws InterruptedException {
        while (!queriesDone.await(PROGRESS_MILLIS, TimeUnit.MILLISECONDS)) {
            long done = o.queries() - queriesDone.getCount();
            progress.printf(Locale.ROOT, "  %d of %d queries done, failures %d%n", done, o.queries(), sum(failed));
        }
    }

    private void queryFigures(BenchReport report, double seconds, OptionalLong cpu0, OptionalLong cpu1) {
        long done = o.queries() - queriesDone.getCount();
        LatencyHistogram.Snapshot all = allLatency.snapshot();
        report.result("queries", done);
        report.result("query_failures", sum(failed));
        report.result("query_s", seconds);
        report.result("queries_per_s", done / seconds);
        percentiles(report, "query_latency", all);
        for (MamQuery.Kind k : MamQuery.Kind.values()) {
            String key = "q_" + k.label;
            long n = answered.get(k).sum();
            report.result(key + "_answered", n);
            report.result(key + "_failures", failed.get(k).sum());
            percentiles(report, key, latency.get(k).snapshot());
            if (k != MamQuery.Kind.COUNT) {
                report.result(key + "_mean_results", n == 0 ? Double.NaN : (double) results.get(k).sum() / n);
            }
        }
        if (cpu0.isPresent() && cpu1.isPresent()) {
            long cpu = cpu1.getAsLong() - cpu0.getAsLong();
            report.server("cpu_queries_s", cpu / 1e9);
            report.server("cpu_per_query_ms", done == 0 ? Double.NaN : cpu / 1e6 / done);
            probe.rssBytes().ifPresent(v -> report.server("rss_end_kb", v / 1024));
        }
    }

    private static void percentiles(BenchReport report, String prefix, LatencyHistogram.Snapshot s) {
        report.result(prefix + "_p50_ms", s.p50Ms());
        report.result(prefix + "_p90_ms", s.p90Ms());
        report.result(prefix + "_p99_ms", s.p99Ms());
        report.result(prefix + "_max_ms", s.maxMs());
    }

    private static long sum(Map<MamQuery.Kind, LongAdder> m) {
        return m.values().stream().mapToLong(LongAdder::sum).sum();
    }

    private OptionalLong cpuNanos() {
        return probe == null ? OptionalLong.empty() : probe.cpuNanos();
    }

    // ---- connection events (event loops) -------------------------------------------------------------------------

    @Override
    public void onOnline(XmppClientConnection c) {
        if (c.attachment() instanceof MamSession s) {
            sessionOnline.set(s.index, 1);
        } else {
            chat.online(c);
        }
        launcher.settled(true);
    }

    @Override
    public void onLoginFailed(XmppClientConnection c, LoginFailure failure) {
        failures.loginFailed(failure);
        launcher.settled(false);
    }

    @Override
    public void onMessage(XmppClientConnection c, XmlElement message, long nowNanos) {
        if (c.attachment() instanceof MamSession s) {
            s.onMessage(message);
            return;
        }
        XmlElement sid = message.child("stanza-id", Ns.STANZA_ID);
        if (sid != null) {
            // both partners of a pair run on one loop: the pair's sample is confined to it
            ids[((ChatSender) c.attachment()).index / 2].offer(sid.attr("id"));
        }
        chat.delivered(c, message, nowNanos);
        lastDeliveryNanos.accumulate(nowNanos);
    }

    @Override
    public void onIqResult(XmppClientConnection c, XmlElement iq, long nowNanos) {
        if (c.attachment() instanceof MamSession s) {
            s.onIqResult(iq, nowNanos);
        }
    }

    @Override
    public void onStanzaError(XmppClientConnection c, XmlElement stanza) {
        if (c.attachment() instanceof MamSession s && stanza.name().equals("iq")) {
            s.onIqError(stanza, System.nanoTime());
            return;
        }
        stats.stanzaErrors.increment();
        failures.record("stanza error: <" + stanza.name() + "/> " + stanza.condition(), stanza.toXml());
        if (c.attachment() instanceof ChatSender && stanza.name().equals("message")) {
            bounced.increment();
            chat.bounced(c, stanza);
        }
    }

    @Override
    public void onLost(XmppClientConnection c, String reason) {
        stats.lostConnections.increment();
        failures.record("connection lost: " + reason, c.localpart() + ": " + reason);
        if (c.attachment() instanceof MamSession s) {
            s.onLost(reason);
        }
    }

    @Override
    public void onWritabilityChanged(XmppClientConnection c, boolean writable) {
        if (c.attachment() instanceof ChatSender) {
            chat.writable(c, writable);
        }
    }
}
