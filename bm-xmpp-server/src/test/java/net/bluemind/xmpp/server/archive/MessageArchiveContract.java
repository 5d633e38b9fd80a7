package net.bluemind.xmpp.server.archive;

import static net.bluemind.xmpp.server.archive.QuerySpec.archiveOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.server.testkit.LongValues;
import net.bluemind.xmpp.spi.ArchivePage;
import net.bluemind.xmpp.spi.ArchiveQueryException;
import net.bluemind.xmpp.spi.ArchivedMessage;
import net.bluemind.xmpp.spi.MessageArchive;

/**
 * What every {@link MessageArchive} must do, written once against the SPI: a backend's test extends this
 * class, says how to open an empty archive, and adds its own backend-only tests.
 */
public abstract class MessageArchiveContract {

    protected static final String ALICE = "alice@acme.test";
    protected static final String BOB = "bob@acme.test";
    protected static final String CAROL = "carol@other.test";
    protected static final String DAVE = "dave@other.test";
    private static final long STAGE_TIMEOUT_SECONDS = 60;

    protected MessageArchive archive;
    protected final TestMessages messages = TestMessages.fromNow();

    /** An archive holding nothing (what {@link #reset()} left). */
    protected abstract MessageArchive newArchive();

    /** Empties the backend before each test, before {@link #newArchive()}. */
    protected void reset() {
    }

    @BeforeEach
    void openEmptyArchive() {
        reset();
        archive = newArchive();
    }

    @AfterEach
    void closeArchive() {
        archive.close();
    }

    @Test
    void pagesForwardsThroughEveryMessageInOrder() {
        List<ArchivedMessage> all = storeConversation(250);
        for (int max : new int[] { 10, 50, 100 }) {
            List<String> seen = new ArrayList<>();
            String after = null;
            boolean complete = false;
            while (!complete) {
                ArchivePage page = query(archiveOf(ALICE).rsmAfter(after).max(max));
                assertEquals(250, page.count(), "count");
                assertEquals(seen.size(), page.firstIndex(), "first index");
                seen.addAll(ids(page.messages()));
                complete = page.complete();
                assertEquals(seen.size() == 250, complete, "complete after " + seen.size());
                after = last(page).stanzaId();
            }
            assertEquals(ids(all), seen, "every message once, in order, max " + max);
        }
    }

    @Test
    void pagesBackwardsThroughEveryMessageInOrder() {
        List<ArchivedMessage> all = storeConversation(250);
        for (int max : new int[] { 10, 50, 100 }) {
            List<String> seen = new ArrayList<>();
            String before = "";
            boolean complete = false;
            while (!complete) {
                ArchivePage page = query(archiveOf(BOB).rsmBefore(before).max(max));
                assertEquals(250, page.count(), "count");
                seen.addAll(0, ids(page.messages()));
                assertEquals(250 - seen.size(), page.firstIndex(), "first index");
                complete = page.complete();
                assertEquals(seen.size() == 250, complete, "complete after " + seen.size());
                before = page.messages().get(0).stanzaId();
            }
            assertEquals(ids(all), seen, "every message once, in order, max " + max);
        }
    }

    @Test
    void theLastPageHoldsTheNewestMessagesOldestFirst() {
        List<ArchivedMessage> all = storeConversation(250);
        ArchivePage page = query(archiveOf(ALICE).rsmBefore("").max(10));
        assertEquals(ids(all.subList(240, 250)), ids(page.messages()));
        assertEquals(250, page.count());
        assertEquals(240, page.firstIndex());
        assertFalse(page.complete(), "older messages remain");
    }

    @Test
    void maxZeroGivesOnlyTheCount() {
        storeConversation(12);
        ArchivePage page = query(archiveOf(ALICE).max(0));
        assertEquals(12, page.count());
        assertTrue(page.messages().isEmpty());
    }

    @Test
    void messagesComeBackAsStored() {
        ArchivedMessage sent = new ArchivedMessage(List.of(ALICE, BOB), ALICE, "laptop", BOB, "phone", "sid-1",
                "origin-1", "chat", "thread-1", "Hello Bob", 1_700_000_000_123_456L,
                "<message xmlns='jabber:client' to='bob@acme.test/phone'><body>Hello Bob</body></message>");
        store(List.of(sent));
        List<ArchivedMessage> found = query(archiveOf(BOB)).messages();
        assertEquals(1, found.size());
        ArchivedMessage got = found.get(0);
        // A backend may keep one copy per archive and answer with the querying owner only.
        assertTrue(got.owners().contains(BOB), got.owners().toString());
        assertEquals(sent.withOwners(got.owners()), got);
    }

    @Test
    void withBareJidSelectsTheConversationBothWays() {
        List<ArchivedMessage> withBob = List.of(messages.chat(ALICE, BOB, "a"), messages.chat(BOB, ALICE, "b"));
        List<ArchivedMessage> withCarol = List.of(messages.chat(CAROL, ALICE, "c"), messages.chat(ALICE, CAROL, "d"));
        ArchivedMessage bobToCarol = messages.chat(BOB, CAROL, "e");
        store(List.of(withBob.get(0), withCarol.get(0), withBob.get(1), bobToCarol, withCarol.get(1)));

        assertEquals(ids(withBob), ids(query(archiveOf(ALICE).with(BOB)).messages()));
        assertEquals(ids(withCarol), ids(query(archiveOf(ALICE).with(CAROL)).messages()));
        assertEquals(2, query(archiveOf(ALICE).with(CAROL)).count());
    }

    @Test
    void withFullJidSelectsOnlyThatResourceOfTheOtherParty() {
        ArchivedMessage fromPhone = messages.chat(BOB + "/phone", ALICE + "/desk", "1");
        ArchivedMessage toPhone = messages.chat(ALICE + "/desk", BOB + "/phone", "2");
        ArchivedMessage fromLaptop = messages.chat(BOB + "/laptop", ALICE + "/desk", "3");
        ArchivedMessage alicesPhoneToLaptop = messages.chat(ALICE + "/phone", BOB + "/laptop", "4");
        store(List.of(fromPhone, toPhone, fromLaptop, alicesPhoneToLaptop));

        assertEquals(ids(List.of(fromPhone, toPhone)), ids(query(archiveOf(ALICE).with(BOB + "/phone")).messages()));
        assertEquals(ids(List.of(fromLaptop, alicesPhoneToLaptop)),
                ids(query(archiveOf(ALICE).with(BOB + "/laptop")).messages()));
    }

    @Test
    void withDomainSelectsEveryContactAtThatDomain() {
        ArchivedMessage carol = messages.chat(CAROL, ALICE, "1");
        ArchivedMessage bob = messages.chat(ALICE, BOB, "2");
        ArchivedMessage dave = messages.chat(ALICE, DAVE, "3");
        store(List.of(carol, bob, dave));

        assertEquals(ids(List.of(carol, dave)), ids(query(archiveOf(ALICE).with("other.test")).messages()));
        assertEquals(ids(List.of(bob)), ids(query(archiveOf(ALICE).with("acme.test")).messages()));
    }

    @Test
    void startAndEndAreInclusive() {
        List<ArchivedMessage> all = storeConversation(20);
        ArchivePage page = query(archiveOf(ALICE).start(all.get(5).timestamp()).end(all.get(14).timestamp()));
        assertEquals(ids(all.subList(5, 15)), ids(page.messages()));
        assertEquals(10, page.count());
    }

    @Test
    void afterIdAndBeforeIdAreExclusiveAndNarrowTheCount() {
        List<ArchivedMessage> all = storeConversation(20);
        ArchivePage page = query(archiveOf(ALICE).afterId(all.get(5).stanzaId()).beforeId(all.get(14).stanzaId()));
        assertEquals(ids(all.subList(6, 14)), ids(page.messages()));
        assertEquals(8, page.count());
        assertTrue(page.complete());
    }

    @Test
    void rsmBoundsPageWithoutNarrowingTheCount() {
        List<ArchivedMessage> all = storeConversation(20);
        ArchivePage after = query(archiveOf(ALICE).rsmAfter(all.get(5).stanzaId()).max(4));
        assertEquals(ids(all.subList(6, 10)), ids(after.messages()));
        assertEquals(20, after.count());
        assertEquals(6, after.firstIndex());
        assertFalse(after.complete());

        ArchivePage before = query(archiveOf(ALICE).rsmBefore(all.get(5).stanzaId()).max(10));
        assertEquals(ids(all.subList(0, 5)), ids(before.messages()));
        assertEquals(0, before.firstIndex());
        assertTrue(before.complete(), "nothing before the first message");
    }

    @Test
    void idsSelectExactlyThoseMessages() {
        List<ArchivedMessage> all = storeConversation(15);
        ArchivePage page = query(archiveOf(BOB).ids(all.get(11).stanzaId(), all.get(3).stanzaId(), all.get(7).stanzaId()));
        assertEquals(ids(List.of(all.get(3), all.get(7), all.get(11))), ids(page.messages()));
        assertEquals(3, page.count());
    }

    @Test
    void anIdOutsideTheOwnersArchiveIsItemNotFound() {
        storeConversation(3);
        ArchivedMessage bobsOnly = messages.chat(CAROL, BOB, "not alice's", List.of(BOB));
        store(List.of(bobsOnly));
        for (String id : new String[] { "no-such-id", bobsOnly.stanzaId() }) {
            assertItemNotFound(id, archiveOf(ALICE).afterId(id));
            assertItemNotFound(id, archiveOf(ALICE).beforeId(id));
            assertItemNotFound(id, archiveOf(ALICE).rsmAfter(id));
            assertItemNotFound(id, archiveOf(ALICE).rsmBefore(id));
        }
    }

    @Test
    void fullTextFindsAWordWhateverItsCaseAndNotAnAbsentOne() {
        ArchivedMessage fox = messages.chat(ALICE, BOB, "The quick Brown fox jumps");
        ArchivedMessage dog = messages.chat(BOB, ALICE, "over the lazy dog");
        store(List.of(fox, dog));
        if (!archive.supportsFullText()) {
            ArchiveQueryException e = assertThrows(ArchiveQueryException.class,
                    () -> query(archiveOf(ALICE).fullText("brown")));
            assertEquals(ArchiveQueryException.Reason.NOT_SUPPORTED, e.reason());
            return;
        }
        assertEquals(ids(List.of(fox)), ids(query(archiveOf(ALICE).fullText("brown")).messages()));
        assertEquals(ids(List.of(fox)), ids(query(archiveOf(BOB).fullText("BROWN fox")).messages()));
        assertEquals(0, query(archiveOf(ALICE).fullText("purple")).count());
        assertEquals(0, query(archiveOf(ALICE).fullText("brown dog")).count(), "every word must be there");
    }

    @Test
    void storingTheSameBatchTwiceKeepsOneCopy() {
        List<ArchivedMessage> batch = messages.conversation(ALICE, BOB, 20);
        store(batch);
        store(batch);
        ArchivePage page = query(archiveOf(ALICE));
        assertEquals(20, page.count());
        assertEquals(ids(batch), ids(page.messages()));
    }

    @Test
    void aMessageHeldOnlyByAliceIsNotInBobsArchive() {
        ArchivedMessage shared = messages.chat(ALICE, BOB, "shared");
        ArchivedMessage alicesOnly = messages.chat(ALICE, BOB, "bob does not archive", List.of(ALICE));
        store(List.of(shared, alicesOnly));
        assertEquals(ids(List.of(shared, alicesOnly)), ids(query(archiveOf(ALICE)).messages()));
        assertEquals(ids(List.of(shared)), ids(query(archiveOf(BOB)).messages()));
        assertEquals(1, query(archiveOf(BOB).with(ALICE)).count());
    }

    @Test
    void purgeBeforeRemovesExactlyTheOlderMessages() {
        long now = System.currentTimeMillis();
        TestMessages lastYear = new TestMessages((now - 365L * 24 * 3600 * 1000) * 1000);
        List<ArchivedMessage> old = lastYear.conversation(ALICE, BOB, 7);
        List<ArchivedMessage> recent = messages.conversation(ALICE, BOB, 5);
        store(old);
        store(recent);

        assertEquals(7L, await(archive.purgeBefore(now - 24 * 3600 * 1000)));
        assertEquals(ids(recent), ids(query(archiveOf(ALICE)).messages()));
        assertEquals(0L, await(archive.purgeBefore(now - 24 * 3600 * 1000)));
    }

    @Test
    void deleteOwnerKeepsTheOtherPartysCopy() {
        List<ArchivedMessage> shared = messages.conversation(ALICE, BOB, 6);
        ArchivedMessage alicesOnly = messages.chat(ALICE, CAROL, "alice's", List.of(ALICE));
        ArchivedMessage bobsOnly = messages.chat(ALICE, BOB, "bob's", List.of(BOB));
        store(shared);
        store(List.of(alicesOnly, bobsOnly));

        await(archive.deleteOwner(ALICE));

        assertEquals(0, query(archiveOf(ALICE)).count());
        assertEquals(0, query(archiveOf(CAROL)).count());
        List<ArchivedMessage> bobs = query(archiveOf(BOB)).messages();
        List<ArchivedMessage> expected = new ArrayList<>(shared);
        expected.add(bobsOnly);
        assertEquals(ids(expected), ids(bobs));
        assertTrue(bobs.stream().allMatch(m -> m.owners().equals(List.of(BOB))), "alice no longer holds them");
    }

    /**
     * Issue 14: the longest values the protocol lets through are stored and read back whole: resources of
     * 1023 bytes and a contact's bare JID of 2047 bytes (RFC 7622), a thread and an origin-id with no limit
     * of their own (here 40,000 and 10,000 characters: more than a keyword term or an old column holds).
     */
    @Test
    void keepsTheLongestValuesTheProtocolLetsThrough() {
        String contact = LongValues.bareJid(1023, 1023, 1);
        ArchivedMessage plain = messages.chat(ALICE + "/" + LongValues.utf8(1023, 2), contact + "/" + LongValues.utf8(1023, 3), "long values");
        ArchivedMessage m = new ArchivedMessage(plain.owners().subList(0, 1), plain.from(), plain.fromResource(), plain.to(),
                plain.toResource(), plain.stanzaId(), LongValues.utf8(10_000, 4), "chat", LongValues.utf8(40_000, 5), plain.body(),
                plain.timestamp(), plain.stanza());
        store(List.of(m));
        List<ArchivedMessage> found = query(archiveOf(ALICE).with(contact)).messages();
        assertEquals(1, found.size());
        ArchivedMessage back = found.get(0);
        assertEquals(m.fromResource(), back.fromResource());
        assertEquals(m.toResource(), back.toResource());
        assertEquals(m.to(), back.to());
        assertTrue(m.thread().equals(back.thread()), "the thread read back whole");
        assertTrue(m.originId().equals(back.originId()), "the origin-id read back whole");
    }

    /**
     * Issue 14: a record the backend cannot hold (here a stanza id of 600 characters, over what the engine
     * makes and what a column or an Elasticsearch _id holds) is either stored whole or refused with an
     * {@code ArchiveRejectedException}, never taken for an outage, and the rest of its batch is stored.
     */
    @Test
    void aRecordTheBackendCannotHoldIsRefusedAsSuchAndTheOthersAreStored() throws Exception {
        List<ArchivedMessage> batch = new ArrayList<>(messages.conversation(ALICE, BOB, 6));
        ArchivedMessage plain = batch.get(3);
        ArchivedMessage overlong = new ArchivedMessage(plain.owners(), plain.from(), plain.fromResource(), plain.to(),
                plain.toResource(), "x".repeat(600), plain.originId(), plain.type(), plain.thread(), plain.body(), plain.timestamp(),
                plain.stanza());
        batch.set(3, overlong);
        Throwable alone = failureOrNull(archive.store(List.of(overlong)));
        assertTrue(alone == null || PoisonIsolator.refusal(alone) != null, "stored, or refused as such: " + alone);

        Path spool = Files.createTempDirectory("dead-letters");
        DeadLetters deadLetters = new DeadLetters(spool, 1 << 20);
        int stored = new PoisonIsolator(archive, deadLetters, STAGE_TIMEOUT_SECONDS).store(batch);
        List<ArchivedMessage> others = new ArrayList<>(batch);
        others.remove(3);
        List<String> found = ids(query(archiveOf(ALICE)).messages());
        assertTrue(found.containsAll(ids(others)), "every other message stored");
        assertEquals(alone == null ? 6 : 5, stored);
        assertEquals(alone == null ? 0 : 1, deadLetters.count(), "set aside when refused");
    }

    // --- helpers for the backends' own tests ---

    protected List<ArchivedMessage> storeConversation(int n) {
        List<ArchivedMessage> all = messages.conversation(ALICE, BOB, n);
        store(all);
        return all;
    }

    protected void store(List<ArchivedMessage> batch) {
        await(archive.store(batch));
    }

    protected ArchivePage query(QuerySpec spec) {
        return await(archive.query(spec.build()));
    }

    /** The stage's value; its failure rethrown as is (not wrapped) so that tests can assert on it. */
    protected static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(STAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AssertionError("stage failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("stage not completed within " + STAGE_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** Why the stage failed, or null when it succeeded. */
    private static Throwable failureOrNull(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().get(STAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("stage not completed within " + STAGE_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** Why the stage failed (unwrapped); an assertion error if it succeeded. */
    protected static Throwable failureOf(CompletionStage<?> stage) {
        Throwable failure = failureOrNull(stage);
        if (failure == null) {
            throw new AssertionError("expected a failure, got " + stage.toCompletableFuture().join());
        }
        return failure;
    }

    protected static List<String> ids(List<ArchivedMessage> messages) {
        return messages.stream().map(ArchivedMessage::stanzaId).toList();
    }

    private static ArchivedMessage last(ArchivePage page) {
        return page.messages().get(page.messages().size() - 1);
    }

    private void assertItemNotFound(String id, QuerySpec spec) {
        ArchiveQueryException e = assertThrows(ArchiveQueryException.class, () -> query(spec));
        assertEquals(ArchiveQueryException.Reason.ITEM_NOT_FOUND, e.reason());
        assertTrue(e.getMessage().contains(id), "names the id: " + e.getMessage());
    }
}
