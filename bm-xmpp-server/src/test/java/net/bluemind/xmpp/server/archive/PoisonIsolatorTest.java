package net.bluemind.xmpp.server.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.bluemind.xmpp.spi.ArchiveRejectedException;
import net.bluemind.xmpp.spi.ArchivedMessage;

/** How a batch with refused messages is stored, for each way a backend can refuse (and an outage, which is not a refusal). */
class PoisonIsolatorTest {

    @TempDir
    Path spool;

    private enum Refusal { NAMED, UNIDENTIFIED, OUTAGE }

    /** The in-memory archive refusing every message whose body starts with "poison", the way a backend of each kind does. */
    private static final class RefusingArchive extends DelegatingArchive {
        final Refusal refusal;
        final AtomicInteger stores = new AtomicInteger();

        RefusingArchive(Refusal refusal) {
            this.refusal = refusal;
        }

        @Override
        public CompletionStage<Void> store(List<ArchivedMessage> batch) {
            stores.incrementAndGet();
            List<ArchivedMessage> poison = batch.stream().filter(m -> m.body().startsWith("poison")).toList();
            if (poison.isEmpty()) {
                return delegate.store(batch);
            }
            return switch (refusal) {
                case OUTAGE -> CompletableFuture.failedFuture(new IOException("connection refused"));
                // a rolled-back transaction: nothing stored, which message is not said
                case UNIDENTIFIED -> CompletableFuture.failedFuture(ArchiveRejectedException.unidentified("SQLState 22001"));
                // a bulk request: the rest stored, the refused ones named
                case NAMED -> delegate.store(batch.stream().filter(m -> !poison.contains(m)).toList()).thenCompose(v -> CompletableFuture
                        .failedFuture(ArchiveRejectedException.named(poison.stream().map(ArchivedMessage::stanzaId).toList(), "400")));
            };
        }

        List<String> bodies() {
            return bodies("bob@acme.test");
        }
    }

    /** 1,000 messages, three of them refused (the first, one in the middle, the last). */
    private static List<ArchivedMessage> batch(TestMessages messages) {
        List<ArchivedMessage> out = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            out.add(messages.chat("alice@acme.test", "bob@acme.test", (i == 0 || i == 500 || i == 999 ? "poison " : "m ") + i));
        }
        return out;
    }

    private static List<String> goodBodies(List<ArchivedMessage> batch) {
        return batch.stream().map(ArchivedMessage::body).filter(b -> !b.startsWith("poison")).toList();
    }

    @Test
    void namedRefusalsAreSetAsideAndTheRestIsStoredInOneGo() throws Exception {
        RefusingArchive archive = new RefusingArchive(Refusal.NAMED);
        DeadLetters deadLetters = new DeadLetters(spool, 1 << 20);
        List<ArchivedMessage> batch = batch(TestMessages.fromNow());
        assertEquals(997, new PoisonIsolator(archive, deadLetters, 10).store(batch));
        assertEquals(goodBodies(batch), archive.bodies());
        assertEquals(3, deadLetters.count());
        assertEquals(1, archive.stores.get(), "no need to look for them");
    }

    @Test
    void anUnidentifiedRefusalIsFoundByStoringHalves() throws Exception {
        RefusingArchive archive = new RefusingArchive(Refusal.UNIDENTIFIED);
        DeadLetters deadLetters = new DeadLetters(spool, 1 << 20);
        List<ArchivedMessage> batch = batch(TestMessages.fromNow());
        assertEquals(997, new PoisonIsolator(archive, deadLetters, 10).store(batch));
        assertEquals(goodBodies(batch), archive.bodies(), "the rest stored, in order");
        assertEquals(3, deadLetters.count());
        assertTrue(archive.stores.get() <= 3 * 2 * 11, "about 2·log2(n) stores per refused message: " + archive.stores.get());

        List<String> lines = Files.readAllLines(deadLetters.file());
        assertEquals(3, lines.size());
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertEquals("SQLState 22001", first.get("reason").asText());
        assertEquals(batch.get(0).stanzaId(), first.get("message").get("stanzaId").asText());
        assertEquals(batch.get(0), new ObjectMapper().treeToValue(first.get("message"), ArchivedMessage.class),
                "the message whole, as the spool keeps it: it can be stored again by hand");
    }

    @Test
    void anOutageIsNotARefusalAndSetsNothingAside() {
        RefusingArchive archive = new RefusingArchive(Refusal.OUTAGE);
        DeadLetters deadLetters = new DeadLetters(spool, 1 << 20);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> new PoisonIsolator(archive, deadLetters, 10).store(batch(TestMessages.fromNow())));
        assertInstanceOf(IOException.class, e.getCause());
        assertEquals(0, deadLetters.count());
        assertEquals(1, archive.stores.get(), "the batch is kept whole for the spool");
    }

    @Test
    void anArchiveRefusingEverythingIsAnOutageNotPoison() throws Exception {
        RefusingArchive archive = new RefusingArchive(Refusal.UNIDENTIFIED);
        DeadLetters deadLetters = new DeadLetters(spool, 1 << 20);
        TestMessages messages = TestMessages.fromNow();
        List<ArchivedMessage> allRefused = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            allRefused.add(messages.chat("alice@acme.test", "bob@acme.test", "poison " + i));
        }
        PoisonIsolator isolator = new PoisonIsolator(archive, deadLetters, 10);
        ExecutionException e = assertThrows(ExecutionException.class, () -> isolator.store(allRefused),
                "a constraint every row breaks is no message's fault: the batch goes to the spool whole");
        assertTrue(e.getCause().getMessage().contains("refused every message"), e.getCause().getMessage());
        assertThrows(ExecutionException.class, () -> isolator.store(allRefused.subList(0, 1)),
                "nor is a lone message refused while nothing else was stored");
        assertEquals(0, deadLetters.count());
        assertEquals(1, isolator.store(List.of(messages.chat("alice@acme.test", "bob@acme.test", "m"))));
        assertEquals(0, isolator.store(allRefused.subList(0, 1)), "after a store that worked, a lone refusal is poison");
        assertEquals(1, deadLetters.count());
    }

    @Test
    void aFullDeadLetterFileCountsWhatItCannotKeep() throws Exception {
        RefusingArchive archive = new RefusingArchive(Refusal.NAMED);
        DeadLetters deadLetters = new DeadLetters(spool, 100);
        new PoisonIsolator(archive, deadLetters, 10).store(batch(TestMessages.fromNow()));
        assertEquals(3, deadLetters.count(), "counted even when not kept");
        assertTrue(Files.notExists(deadLetters.file()) || Files.size(deadLetters.file()) <= 100);
    }
}
