package net.bluemind.xmpp.server.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.bluemind.xmpp.server.testkit.Await;
import net.bluemind.xmpp.server.testkit.LogLines;
import net.bluemind.xmpp.spi.ArchivedMessage;

/**
 * The writer and its spool against an archive that can be switched off: nothing offered is lost, order
 * is kept, replays store each message once. (The same outage against a real Elasticsearch is in the
 * archive module's tests.)
 */
class ArchiveWriterTest {

    @TempDir
    Path dir;

    /** The in-memory archive behind a switch: while down, every store fails as a refused connection would. */
    static final class SwitchableArchive extends DelegatingArchive {
        volatile boolean down;
        /** A slow archive: each stored message takes this long (as a loaded Elasticsearch would). */
        volatile long storeMicrosPerMessage;

        @Override
        public CompletionStage<Void> store(List<ArchivedMessage> batch) {
            if (storeMicrosPerMessage > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(storeMicrosPerMessage * 1000 * batch.size());
            }
            return down ? CompletableFuture.failedFuture(new IOException("connection refused")) : delegate.store(batch);
        }
    }

    private static ArchivedMessage message(int i) {
        return new ArchivedMessage(List.of("alice@acme.test", "bob@acme.test"), "alice@acme.test", "r", "bob@acme.test", null,
                UUID.randomUUID().toString(), null, "chat", null, "m" + i, 1_000_000L + i, "<message/>");
    }

    private static ArchiveWriter writer(SwitchableArchive archive, Path spool) {
        return new ArchiveWriter(archive, new ArchiveSpool(spool, 64L << 20), UnaryOperator.identity(), 10_000, 50, 100);
    }

    private static List<String> expected(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("m" + i);
        }
        return out;
    }

    @Test
    void anOutageIsBridgedByTheSpoolInOrderAndExactlyOnce() {
        SwitchableArchive archive = new SwitchableArchive();
        ArchiveWriter writer = writer(archive, dir.resolve("spool"));
        writer.start();
        try {
            for (int i = 0; i < 300; i++) {
                int n = i;
                writer.offer(() -> message(n));
            }
            Await.until("first 300 stored", () -> archive.bodies("bob@acme.test").size() == 300);
            archive.down = true;
            for (int i = 300; i < 1000; i++) {
                int n = i;
                writer.offer(() -> message(n));
            }
            Await.until("the rest spooled", () -> writer.spooled() == 700);
            assertEquals(300, archive.bodies("bob@acme.test").size(), "nothing reached the archive while it was down");
            archive.down = false;
            Await.until("the spool replayed", () -> writer.spoolEmpty() && archive.bodies("bob@acme.test").size() == 1000);
            assertEquals(expected(1000), archive.bodies("bob@acme.test"));
            assertEquals(expected(1000), archive.bodies("alice@acme.test"));
            assertEquals(0, writer.lost());
        } finally {
            writer.close();
        }
    }

    @Test
    void aBurstFasterThanTheArchiveGoesThroughTheSpoolInsteadOfOverflowingTheQueue() {
        SwitchableArchive archive = new SwitchableArchive();
        archive.storeMicrosPerMessage = 400;
        ArchiveWriter writer = new ArchiveWriter(archive, new ArchiveSpool(dir.resolve("burst"), 64L << 20), UnaryOperator.identity(),
                10_000, 50, 100);
        writer.start();
        try {
            // About 100,000 messages/s against an archive taking 2,500/s: without the spool the
            // queue of 10,000 would overflow after a tenth of a second.
            for (int i = 0; i < 20_000; i++) {
                int n = i;
                writer.offer(() -> message(n));
                if (i % 100 == 99) {
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                }
            }
            assertEquals(0, writer.lost(), "nothing lost");
            Await.until("every message stored", java.time.Duration.ofSeconds(60),
                    () -> archive.bodies("bob@acme.test").size() == 20_000 && writer.spoolEmpty());
            assertTrue(writer.spooled() > 0, "the spool took the burst");
            assertEquals(expected(20_000), archive.bodies("bob@acme.test"));
        } finally {
            writer.close();
        }
    }

    @Test
    void aStopWithASlowArchiveSpoolsTheQueueAndTheNextStartStoresIt() {
        SwitchableArchive archive = new SwitchableArchive();
        archive.storeMicrosPerMessage = 2_000; // a batch of 2,000 takes 4 s
        Path spoolDir = dir.resolve("stop");
        ArchiveWriter first = new ArchiveWriter(archive, new ArchiveSpool(spoolDir, 64L << 20), UnaryOperator.identity(), 100_000,
                2_000, 100);
        first.start();
        for (int i = 0; i < 10_000; i++) {
            int n = i;
            first.offer(() -> message(n));
        }
        first.close();
        assertEquals(0, first.lost(), "nothing lost at the stop");
        archive.storeMicrosPerMessage = 0;
        ArchiveWriter second = writer(archive, spoolDir);
        second.start();
        try {
            Await.until("everything stored after the restart", () -> second.spoolEmpty()
                    && archive.bodies("bob@acme.test").size() == 10_000);
            assertEquals(expected(10_000), archive.bodies("bob@acme.test"));
        } finally {
            second.close();
        }
    }

    @Test
    void aCongestedQueueHoldsItsSendersBackUntilItHasDrained() throws Exception {
        SwitchableArchive archive = new SwitchableArchive();
        ArchiveWriter writer = new ArchiveWriter(archive, new ArchiveSpool(dir.resolve("held"), 64L << 20), UnaryOperator.identity(), 100,
                50, 100);
        java.util.List<String> pauses = new java.util.concurrent.CopyOnWriteArrayList<>();
        net.bluemind.xmpp.server.session.ClientSession sender = session("alice@acme.test/r", pauses);
        // The writer is not started yet: the queue only fills.
        for (int i = 0; i < 60; i++) {
            int n = i;
            writer.offer(() -> message(n));
        }
        assertTrue(writer.congested(), "60 of 100 is past the alarm");
        writer.holdBack(sender);
        writer.holdBack(sender);
        assertEquals(List.of("alice@acme.test/r paused"), pauses, "paused once");
        writer.start();
        try {
            Await.until("the sender resumed", () -> pauses.equals(List.of("alice@acme.test/r paused", "alice@acme.test/r resumed")));
            Await.until("everything stored", () -> archive.bodies("bob@acme.test").size() == 60);
            assertEquals(0, writer.lost());
        } finally {
            writer.close();
        }
    }

    @Test
    void onlyTheSendersFillingTheQueueAreHeldBackAndReceiptsAreReleasedOnceStored() throws Exception {
        SwitchableArchive archive = new SwitchableArchive();
        ArchiveWriter writer = new ArchiveWriter(archive, new ArchiveSpool(dir.resolve("heavy"), 64L << 20), UnaryOperator.identity(),
                1000, 1_000_000, 50, 100, null);
        java.util.List<String> paused = new java.util.concurrent.CopyOnWriteArrayList<>();
        net.bluemind.xmpp.server.session.ClientSession flooder = session("flooder@acme.test/r", paused);
        net.bluemind.xmpp.server.session.ClientSession chatty = session("chatty@acme.test/r", paused);
        net.bluemind.xmpp.server.session.InboundReceipts receipts = new net.bluemind.xmpp.server.session.InboundReceipts("test",
                Long.MAX_VALUE, Integer.MAX_VALUE);
        // The writer is not started yet: the queue only fills, past half its bytes, nearly all of it the flooder's.
        for (int i = 0; i < 60; i++) {
            int n = i;
            net.bluemind.xmpp.server.session.Receipt r = receipts.receive(0);
            writer.offer(() -> message(n), 10_000, flooder, r.hold());
            r.release();
        }
        net.bluemind.xmpp.server.session.Receipt r = receipts.receive(0);
        writer.offer(() -> message(60), 1_000, chatty, r.hold());
        r.release();
        assertTrue(writer.congested(), "601 kB of 1 MB is past the alarm");
        writer.holdBackIfHeavy(chatty);
        writer.holdBackIfHeavy(flooder);
        assertEquals(List.of("flooder@acme.test/r paused"), paused, "the flooder is held back, the other sender is not");
        assertEquals(0, receipts.handled(), "nothing is stored yet");
        writer.start();
        try {
            Await.until("every message stored and the flooder resumed", () -> archive.bodies("bob@acme.test").size() == 61
                    && paused.size() == 2);
            assertEquals("flooder@acme.test/r resumed", paused.get(1));
            Await.until("every sender's stanza handled", () -> receipts.handled() == 61);
        } finally {
            writer.close();
        }
    }

    private static net.bluemind.xmpp.server.session.ClientSession session(String jid, java.util.List<String> paused) {
        return session(jid, paused, new java.util.concurrent.atomic.AtomicBoolean());
    }

    private static net.bluemind.xmpp.server.session.ClientSession session(String jid, java.util.List<String> paused,
                                                                          java.util.concurrent.atomic.AtomicBoolean now) {
        net.bluemind.xmpp.server.session.StanzaSink sink = new net.bluemind.xmpp.server.session.StanzaSink() {
            @Override
            public void deliver(net.bluemind.xmpp.xml.Element stanza) {
            }

            @Override
            public void closeWithError(net.bluemind.xmpp.server.stream.StreamErrorCondition condition, String text) {
            }

            @Override
            public void pauseReading(boolean p) {
                paused.add(jid + (p ? " paused" : " resumed"));
                now.set(p);
            }
        };
        return new net.bluemind.xmpp.server.session.ClientSession(org.jxmpp.jid.impl.JidCreate.entityFullFromOrThrowUnchecked(jid), sink,
                "c-" + jid, false);
    }

    @Test
    void theSpoolSurvivesARestartAndACrashCutRecord() throws Exception {
        SwitchableArchive archive = new SwitchableArchive();
        archive.down = true;
        Path spoolDir = dir.resolve("spool");
        ArchiveWriter first = writer(archive, spoolDir);
        first.start();
        for (int i = 0; i < 120; i++) {
            int n = i;
            first.offer(() -> message(n));
        }
        Await.until("all spooled", () -> first.spooled() == 120);
        first.close();
        // A crash while appending leaves half a record at the end of the segment.
        try (Stream<Path> files = Files.list(spoolDir)) {
            Path segment = files.filter(f -> f.toString().endsWith(".spool")).findFirst().orElseThrow();
            Files.write(segment, new byte[] {0, 0, 1, 0, '{'}, StandardOpenOption.APPEND);
        }
        archive.down = false;
        ArchiveWriter second = writer(archive, spoolDir);
        second.start();
        try {
            Await.until("the spool replayed after the restart", () -> second.spoolEmpty() && archive.bodies("bob@acme.test").size() == 120);
            assertEquals(expected(120), archive.bodies("bob@acme.test"));
        } finally {
            second.close();
        }
        try (Stream<Path> files = Files.list(spoolDir)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".spool")), "replayed segments are deleted");
        }
    }

    @Test
    void aFullSpoolCountsWhatItCannotKeepAndSaysSoInAFewLines() {
        SwitchableArchive archive = new SwitchableArchive();
        archive.down = true;
        ArchiveWriter writer = new ArchiveWriter(archive, new ArchiveSpool(dir.resolve("small"), 4096), UnaryOperator.identity(), 10_000,
                50, 60_000);
        try (LogLines log = new LogLines(ArchiveWriter.class)) {
            writer.start();
            try {
                for (int i = 0; i < 1000; i++) {
                    int n = i;
                    writer.offer(() -> message(n));
                }
                Await.until("every message spooled or counted", () -> writer.spooled() + writer.lost() == 1000);
                assertTrue(writer.lost() > 900, "the spool's limit was reached: " + writer.lost());
                assertTrue(writer.spooled() > 0);
            } finally {
                writer.close();
            }
            // Before: one ERROR line per lost message (11 million lines, 2.5 GB, in a 20-minute soak whose disk filled).
            List<String> lines = log.matching(l -> l.contains("not archived"));
            assertTrue(lines.size() <= 2, "at once, then one summary: " + lines);
            long told = 0;
            for (String l : lines) {
                assertTrue(l.startsWith("ERROR archive spool ") && l.contains(" is full "), l);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile(": (\\d+) messages not archived").matcher(l);
                assertTrue(m.find(), l);
                told += Long.parseLong(m.group(1));
            }
            assertEquals(writer.lost(), told, "every lost message counted in a line");
        }
    }

    @Test
    void anArchiveSlowerThanTheTrafficHoldsSendersBackInsteadOfOverflowingTheSpool() throws Exception {
        SwitchableArchive archive = new SwitchableArchive();
        archive.storeMicrosPerMessage = 200; // 5,000 messages a second at most
        ArchiveWriter writer = new ArchiveWriter(archive, new ArchiveSpool(dir.resolve("slow"), 32 * 1024), UnaryOperator.identity(), 400,
                50, 100);
        java.util.concurrent.atomic.AtomicBoolean paused = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.List<String> pauses = new java.util.concurrent.CopyOnWriteArrayList<>();
        net.bluemind.xmpp.server.session.ClientSession sender = session("flooder@acme.test/r", pauses, paused);
        writer.start();
        try (LogLines log = new LogLines(ArchiveWriter.class)) {
            // A sender as fast as it is allowed to be: it stops while its connection is not read, as a held-back one.
            int total = 3000;
            for (int i = 0; i < total; i++) {
                Await.until("the sender read again", java.time.Duration.ofSeconds(30), () -> !paused.get());
                int n = i;
                writer.offer(() -> message(n), 200, sender, net.bluemind.xmpp.server.session.Receipt.NONE);
                writer.holdBackIfHeavy(sender);
            }
            Await.until("everything stored", java.time.Duration.ofSeconds(60), () -> archive.bodies("bob@acme.test").size() == total
                    || writer.lost() > 0);
            assertEquals(0, writer.lost(), "nothing lost for want of spool");
            assertTrue(pauses.contains("flooder@acme.test/r paused"), "the sender was held back: " + pauses.size());
            assertEquals(expected(total), archive.bodies("bob@acme.test"), "in order, once each");
            assertTrue(log.matching(l -> l.contains("congested")).size() <= 2, "congestion told once per period: " + log.lines());
        } finally {
            writer.close();
        }
    }
}
