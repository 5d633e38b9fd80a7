package net.bluemind.xmpp.faults.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.bluemind.xmpp.faults.kit.Configs;
import net.bluemind.xmpp.faults.kit.PairProbe;
import net.bluemind.xmpp.faults.kit.ServerProcess;
import net.bluemind.xmpp.faults.kit.SilentFlood;
import net.bluemind.xmpp.faults.kit.TestClient;

/**
 * One user attacks the server (a 200 KB message after another to a client that never reads; 20,000 silent
 * connections from two addresses; a flood of small messages): two other users chatting meanwhile, one message
 * every 20 ms, lose nothing and get them within 200 ms at the 99th percentile, and the server's resident memory
 * stays under its heap plus a fixed allowance. The server runs with the default limits and the 1 GB heap.
 */
class UnrelatedPairStaysFastTest {

    private static final long HEAP = 1L << 30;
    /** Beyond the heap: metaspace, code, thread stacks, Netty's direct buffers, the JVM itself. */
    private static final long NON_HEAP_ALLOWANCE = 512L << 20;
    private static final Duration ATTACK = Duration.ofSeconds(Long.getLong("faults.attackSeconds", 20));
    /** How long after the attack its last step may take to return. */
    private static final Duration LAST_STEP = Duration.ofMinutes(5);

    @TempDir
    Path state;

    private ServerProcess start() throws Exception {
        return start("");
    }

    private ServerProcess start(String extra) throws Exception {
        return ServerProcess.start(state, Configs.standalone("storage: { type: h2 }", extra), List.of("-Xmx1g", "-XX:+UseG1GC"));
    }

    /**
     * Without the inbound shaper (which would hold the sender to 64 KiB/s), so that the byte budgets alone are
     * tested: the non-reader is cut at its session's limit, offline storage fills, the sender is told.
     */
    @Test
    void largeMessagesToAClientThatNeverReads() throws Exception {
        try (ServerProcess server = start("limits: { inbound-rate: { bytes-per-second: 0, stanzas-per-second: 0 } }");
             PairProbe pair = new PairProbe(server.directTlsPort(), "carol@globex.test", "erin@acme.test", Duration.ofMillis(20));
             TestClient bob = TestClient.connect("127.0.0.1", server.directTlsPort(), "acme.test", 4096);
             TestClient alice = TestClient.login("127.0.0.1", server.directTlsPort(), "alice@acme.test", "alice", "big")) {
            bob.login("bob", "bob", "stuck");
            bob.send("<presence/>");
            bob.stopReading(); // from now on its socket is read no more: what it is sent piles up
            AtomicLong refused = new AtomicLong();
            alice.listen(e -> {
                if ("error".equals(e.attribute("type"))) {
                    refused.incrementAndGet();
                }
            });
            String big = "x".repeat(200 * 1024);
            // One after the other (1 µs apart), as fast as the server takes them.
            long peakRss = attack(server, Duration.ofNanos(1000),
                    () -> alice.send("<message to='bob@acme.test' type='chat'><body>" + big + "</body></message>"));
            pair.stop(Duration.ofSeconds(10));
            report("200 KB to a non-reader", pair, peakRss);
            assertTrue(refused.get() > 0, "the sender was told its messages could not be kept");
            assertSafe(server, pair, peakRss);
        }
    }

    @Test
    void twentyThousandSilentConnectionsFromTwoAddresses() throws Exception {
        try (ServerProcess server = start();
             PairProbe pair = new PairProbe(server.directTlsPort(), "carol@globex.test", "erin@acme.test", Duration.ofMillis(20))) {
            List<Process> floods = new ArrayList<>();
            for (String source : List.of("127.0.0.2", "127.0.0.3")) {
                floods.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                        System.getProperty("java.class.path"), SilentFlood.class.getName(), source, "127.0.0.1",
                        Integer.toString(server.directTlsPort()), "10000", Long.toString(ATTACK.toSeconds()))
                        .redirectErrorStream(true).redirectOutput(state.resolve("flood-" + source + ".log").toFile()).start());
            }
            // While the flood holds its connections, a new user logs in as fast as usual, again 500 ms after each login.
            long peakRss = attack(server, Duration.ofMillis(500), () -> {
                long t = System.nanoTime();
                try (TestClient late = TestClient.login("127.0.0.1", server.directTlsPort(), "bob@acme.test", "bob", "late")) {
                    assertTrue(System.nanoTime() - t < Duration.ofSeconds(5).toNanos(), "a login during the flood took over 5 s");
                }
            });
            for (Process p : floods) {
                assertTrue(p.waitFor() == 0, "a flood process failed");
            }
            pair.stop(Duration.ofSeconds(10));
            report("20,000 silent connections", pair, peakRss);
            assertSafe(server, pair, peakRss);
        }
    }

    @Test
    void aFloodOfSmallMessages() throws Exception {
        try (ServerProcess server = start();
             PairProbe pair = new PairProbe(server.directTlsPort(), "carol@globex.test", "erin@acme.test", Duration.ofMillis(20));
             TestClient bob = TestClient.login("127.0.0.1", server.directTlsPort(), "bob@acme.test", "bob", "reads");
             TestClient alice = TestClient.login("127.0.0.1", server.directTlsPort(), "alice@acme.test", "alice", "flood")) {
            bob.send("<presence/>");
            AtomicLong got = new AtomicLong();
            bob.listen(e -> got.incrementAndGet());
            alice.listen(e -> { });
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 120; i++) {
                batch.append("<message to='bob@acme.test' type='chat'><body>flood ").append(i).append("</body></message>");
            }
            String hundredTwenty = batch.toString();
            // 120 messages, 10 ms, 120 more...: up to 12,000 a second, as fast as the server takes them.
            long peakRss = attack(server, Duration.ofMillis(10), () -> alice.send(hundredTwenty));
            pair.stop(Duration.ofSeconds(10));
            report("12,000 msg/s flood", pair, peakRss);
            assertTrue(got.get() > 0, "the flood's recipient got nothing");
            assertTrue(!bob.closed(), "the flood's recipient reads: it must not be cut");
            assertSafe(server, pair, peakRss);
        }
    }

    /**
     * Runs {@code step} again and again with a pause of {@code pause} after each (the attacker sends as fast as the
     * server reads it, then pauses) for the attack's duration, or until the attacker is cut off (an IOException);
     * returns the server's peak RSS, sampled every 200 ms until the attack's end.
     */
    private static long attack(ServerProcess server, Duration pause, Step step) throws Exception {
        ScheduledThreadPoolExecutor load = new ScheduledThreadPoolExecutor(2);
        AtomicLong peak = new AtomicLong(server.rssBytes());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        load.scheduleWithFixedDelay(() -> {
            try {
                step.run();
            } catch (IOException cut) {
                throw new CancellationException("the attacker was cut off: the attack is over for it");
            } catch (Exception | AssertionError e) {
                failure.compareAndSet(null, e);
                throw new CancellationException("the attack failed");
            }
        }, 0, pause.toNanos(), TimeUnit.NANOSECONDS);
        load.scheduleAtFixedRate(() -> {
            try {
                peak.accumulateAndGet(server.rssBytes(), Math::max);
            } catch (IOException e) {
                failure.compareAndSet(null, e);
                throw new CancellationException("no RSS to read");
            }
        }, 0, 200, TimeUnit.MILLISECONDS);
        load.schedule(load::shutdown, ATTACK.toNanos(), TimeUnit.NANOSECONDS); // the periodic steps end with it
        // A flooder's last send may wait long after the attack: the server reads it no faster than its archive writes
        // (back-pressure), and works off the backlog first (about 150 s after a 20 s flood into H2, measured here).
        if (!load.awaitTermination(ATTACK.plus(LAST_STEP).toSeconds(), TimeUnit.SECONDS)) {
            load.shutdownNow();
            throw new AssertionError("the attack's last step had not returned " + LAST_STEP.toSeconds() + " s after the attack's end");
        }
        Throwable t = failure.get();
        if (t instanceof Exception e) {
            throw e;
        } else if (t instanceof Error e) {
            throw e;
        }
        return Math.max(peak.get(), server.rssBytes());
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private static void report(String attack, PairProbe pair, long peakRss) {
        System.out.printf("%s: pair sent %d received %d p50 %.1f ms p99 %.1f ms max %.1f ms; server peak RSS %d MB%n", attack,
                pair.sent(), pair.received(), pair.percentileMillis(50), pair.percentileMillis(99), pair.percentileMillis(100),
                peakRss >> 20);
    }

    private static void assertSafe(ServerProcess server, PairProbe pair, long peakRss) throws IOException {
        assertTrue(server.alive(), "the server died");
        assertNull(pair.problem());
        assertEquals(pair.sent(), pair.received(), "the unrelated pair lost messages");
        assertTrue(pair.percentileMillis(99) < 200, "the unrelated pair's p99 is " + pair.percentileMillis(99) + " ms");
        assertTrue(peakRss < HEAP + NON_HEAP_ALLOWANCE, "the server's RSS reached " + (peakRss >> 20) + " MB");
        assertTrue(!server.log().contains("OutOfMemoryError"), "the server ran out of memory");
    }
}
