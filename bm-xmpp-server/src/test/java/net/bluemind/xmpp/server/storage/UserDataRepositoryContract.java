package net.bluemind.xmpp.server.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.server.testkit.LongValues;
import net.bluemind.xmpp.spi.OfflineMessageStore.OfflineMessage;
import net.bluemind.xmpp.spi.PepStore.PepItem;
import net.bluemind.xmpp.spi.PepStore.PepNodeConfig;
import net.bluemind.xmpp.spi.RosterStore.Roster;
import net.bluemind.xmpp.spi.RosterStore.RosterItem;
import net.bluemind.xmpp.spi.RosterStore.Subscription;

/**
 * What every database behind {@link JdbcUserDataRepository} must do. Subclasses provide the database;
 * the tests of one class share it, so each test works with users of its own.
 */
abstract class UserDataRepositoryContract {

    private static final PepNodeConfig ONE_ITEM = new PepNodeConfig("presence", 1, true);

    protected JdbcUserDataRepository repo;
    private String testId;

    /** A repository on this class's database; called again on the same database to test durability. */
    protected abstract JdbcUserDataRepository openRepository();

    @BeforeEach
    void openRepositoryForTest() {
        repo = openRepository();
        testId = UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void closeRepository() {
        repo.close();
    }

    protected String jid(String local) {
        return local + "-" + testId + "@example.com";
    }

    protected static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("storage operation failed", e);
        }
    }

    private static RosterItem item(String contact, Subscription subscription, String... groups) {
        return new RosterItem(contact, "name of " + contact, subscription, false, false, false, List.of(groups));
    }

    private static OfflineMessage message(String from, String body, long stamp) {
        return new OfflineMessage(0, from, "<message from='" + from + "'><body>" + body + "</body></message>", stamp);
    }

    private static PepItem pepItem(String id, long published) {
        return new PepItem(id, "<tune xmlns='http://jabber.org/protocol/tune'><title>" + id + "</title></tune>",
                "owner@example.com/phone", published);
    }

    private static List<String> ids(List<PepItem> items) {
        return items.stream().map(PepItem::id).toList();
    }

    // --- Roster ---

    @Test
    void startsANewUserWithAnEmptyRosterAtVersionZero() {
        Roster roster = await(repo.roster(jid("alice")));
        assertEquals(0, roster.version());
        assertEquals(List.of(), roster.items());
    }

    @Test
    void growsTheRosterVersionWithEveryChange() {
        String alice = jid("alice");
        long v1 = await(repo.putRosterItem(alice, item("bob@example.com", Subscription.NONE)));
        long v2 = await(repo.putRosterItem(alice, item("carol@example.com", Subscription.TO)));
        long v3 = await(repo.putRosterItem(alice, item("bob@example.com", Subscription.BOTH)));
        long v4 = await(repo.removeRosterItem(alice, "carol@example.com"));
        assertTrue(v1 > 0 && v1 < v2 && v2 < v3 && v3 < v4, List.of(v1, v2, v3, v4).toString());
        Roster roster = await(repo.roster(alice));
        assertEquals(v4, roster.version());
        assertEquals(List.of(item("bob@example.com", Subscription.BOTH)), roster.items());
    }

    @Test
    void leavesTheVersionAloneWhenRemovingAnAbsentItem() {
        String alice = jid("alice");
        long v1 = await(repo.putRosterItem(alice, item("bob@example.com", Subscription.NONE)));
        assertEquals(v1, await(repo.removeRosterItem(alice, "nobody@example.com")));
        assertEquals(0, await(repo.removeRosterItem(jid("newcomer"), "nobody@example.com")));
    }

    @Test
    void roundTripsEverySubscriptionStateAndFlag() {
        String alice = jid("alice");
        List<RosterItem> expected = new ArrayList<>();
        int n = 0;
        for (Subscription subscription : Subscription.values()) {
            for (int flags = 0; flags < 8; flags++) {
                String contact = "c" + (n++) + "@example.com";
                expected.add(new RosterItem(contact, flags == 0 ? null : "Contact " + n, subscription,
                        (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, List.of()));
            }
        }
        for (RosterItem item : expected) {
            await(repo.putRosterItem(alice, item));
        }
        List<RosterItem> actual = new ArrayList<>(await(repo.roster(alice)).items());
        assertEquals(new HashSet<>(expected), new HashSet<>(actual));
        assertEquals(expected.size(), actual.size());
    }

    @Test
    void keepsGroupsInOrderOnceEach() {
        String alice = jid("alice");
        await(repo.putRosterItem(alice, item("bob@example.com", Subscription.BOTH, "Work", "Friends", "Work", "Échecs")));
        RosterItem stored = await(repo.roster(alice)).items().get(0);
        assertEquals(List.of("Work", "Friends", "Échecs"), stored.groups());
    }

    @Test
    void replacesAnItemWithItsGroups() {
        String alice = jid("alice");
        await(repo.putRosterItem(alice, item("bob@example.com", Subscription.NONE, "Work", "Friends")));
        RosterItem replacement = new RosterItem("bob@example.com", null, Subscription.TO, true, false, false,
                List.of("Family"));
        await(repo.putRosterItem(alice, replacement));
        assertEquals(List.of(replacement), await(repo.roster(alice)).items());
        await(repo.putRosterItem(alice, item("bob@example.com", Subscription.TO)));
        assertEquals(List.of(), await(repo.roster(alice)).items().get(0).groups());
    }

    @Test
    void removesAnItemWithItsGroups() {
        String alice = jid("alice");
        await(repo.putRosterItem(alice, item("bob@example.com", Subscription.BOTH, "Work")));
        await(repo.removeRosterItem(alice, "bob@example.com"));
        assertEquals(List.of(), await(repo.roster(alice)).items());
        // Re-adding starts from no groups: none were left behind.
        await(repo.putRosterItem(alice, item("bob@example.com", Subscription.BOTH)));
        assertEquals(List.of(), await(repo.roster(alice)).items().get(0).groups());
    }

    @Test
    void keepsRostersOfUsersApart() {
        await(repo.putRosterItem(jid("alice"), item("bob@example.com", Subscription.BOTH)));
        assertEquals(0, await(repo.roster(jid("dave"))).version());
        assertEquals(List.of(), await(repo.roster(jid("dave"))).items());
    }

    @Test
    void givesConcurrentChangesOfANewRosterDistinctVersions() {
        String alice = jid("alice");
        List<CompletionStage<Long>> stages = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            stages.add(repo.putRosterItem(alice, item("c" + i + "@example.com", Subscription.NONE)));
        }
        Set<Long> versions = new HashSet<>();
        stages.forEach(s -> versions.add(await(s)));
        assertEquals(20, versions.size());
        Roster roster = await(repo.roster(alice));
        assertEquals(20, roster.items().size());
        assertEquals(versions.stream().mapToLong(Long::longValue).max().getAsLong(), roster.version());
    }

    // --- Offline messages ---

    @Test
    void storesOfflineMessagesUpToTheMaximumThenRefuses() {
        String alice = jid("alice");
        for (int i = 0; i < 3; i++) {
            assertTrue(await(repo.storeOffline(alice, message("bob@example.com/pc", "m" + i, 1000 + i), 3)));
        }
        assertFalse(await(repo.storeOffline(alice, message("bob@example.com/pc", "too many", 2000), 3)));
        assertEquals(3, await(repo.offlineMessages(alice)).size());
        assertFalse(await(repo.storeOffline(jid("carol"), message("bob@example.com/pc", "none allowed", 1), 0)));
    }

    @Test
    void storesOfflineMessagesUpToTheirBytesThenRefusesUntilSomeAreDelivered() {
        String alice = jid("alice");
        OfflineMessage big = message("bob@example.com/pc", "é".repeat(1000), 1);
        long size = net.bluemind.xmpp.server.limits.StoredValueLimits.utf8Length(big.stanza());
        assertTrue(size > 2000, "é is two bytes in UTF-8");
        assertTrue(await(repo.storeOffline(alice, big, 100, 2 * size + 10)));
        assertTrue(await(repo.storeOffline(alice, big, 100, 2 * size + 10)));
        assertFalse(await(repo.storeOffline(alice, big, 100, 2 * size + 10)), "a third would pass the user's bytes");
        List<OfflineMessage> stored = await(repo.offlineMessages(alice));
        await(repo.deleteOffline(alice, List.of(stored.get(0).id())));
        assertTrue(await(repo.storeOffline(alice, big, 100, 2 * size + 10)), "delivered messages free their bytes");
        String carol = jid("carol");
        assertTrue(await(repo.storeOffline(carol, big, 100, 10)), "a first message is kept whatever its size");
        assertFalse(await(repo.storeOffline(carol, message("x@example.com", "small", 2), 100, 10)));
    }

    @Test
    void returnsOfflineMessagesOldestFirstWithAssignedIds() {
        String alice = jid("alice");
        for (int i = 0; i < 5; i++) {
            await(repo.storeOffline(alice, message("bob@example.com/pc", "m" + i, 1000 + i), 100));
        }
        List<OfflineMessage> messages = await(repo.offlineMessages(alice));
        assertEquals(5, messages.size());
        for (int i = 0; i < 5; i++) {
            OfflineMessage m = messages.get(i);
            assertEquals(message("bob@example.com/pc", "m" + i, 1000 + i).stanza(), m.stanza());
            assertEquals("bob@example.com/pc", m.from());
            assertEquals(1000 + i, m.stamp());
            assertTrue(i == 0 || m.id() > messages.get(i - 1).id(), "ids grow");
        }
    }

    @Test
    void deletesDeliveredOfflineMessagesById() {
        String alice = jid("alice");
        String carol = jid("carol");
        for (int i = 0; i < 4; i++) {
            await(repo.storeOffline(alice, message("bob@example.com", "m" + i, i), 100));
        }
        await(repo.storeOffline(carol, message("bob@example.com", "for carol", 9), 100));
        List<OfflineMessage> before = await(repo.offlineMessages(alice));
        long carolsId = await(repo.offlineMessages(carol)).get(0).id();

        await(repo.deleteOffline(alice, List.of(before.get(0).id(), before.get(2).id(), carolsId)));
        await(repo.deleteOffline(alice, List.of()));

        assertEquals(List.of(before.get(1), before.get(3)), await(repo.offlineMessages(alice)));
        assertEquals(1, await(repo.offlineMessages(carol)).size(), "another user's id is not deleted");
    }

    @Test
    void storesExactlyTheMaximumUnderConcurrency() {
        String alice = jid("alice");
        List<CompletionStage<Boolean>> stages = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            stages.add(repo.storeOffline(alice, message("bob@example.com", "m" + i, i), 10));
        }
        long stored = stages.stream().filter(s -> await(s)).count();
        assertEquals(10, stored);
        assertEquals(10, await(repo.offlineMessages(alice)).size());
    }

    // --- Private XML ---

    @Test
    void putsReplacesAndGetsPrivateXml() {
        String alice = jid("alice");
        String ns = "storage:bookmarks";
        await(repo.putPrivateXml(alice, "storage", ns, "<storage xmlns='storage:bookmarks'/>"));
        assertEquals(Optional.of("<storage xmlns='storage:bookmarks'/>"), await(repo.privateXml(alice, "storage", ns)));
        String replaced = "<storage xmlns='storage:bookmarks'><conference jid='room@muc.example.com'/></storage>";
        await(repo.putPrivateXml(alice, "storage", ns, replaced));
        assertEquals(Optional.of(replaced), await(repo.privateXml(alice, "storage", ns)));
    }

    @Test
    void returnsNoPrivateXmlForAnotherNameNamespaceOrUser() {
        String alice = jid("alice");
        await(repo.putPrivateXml(alice, "storage", "storage:bookmarks", "<storage xmlns='storage:bookmarks'/>"));
        assertEquals(Optional.empty(), await(repo.privateXml(alice, "storage", "storage:rosternotes")));
        assertEquals(Optional.empty(), await(repo.privateXml(alice, "other", "storage:bookmarks")));
        assertEquals(Optional.empty(), await(repo.privateXml(jid("bob"), "storage", "storage:bookmarks")));
    }

    // --- Lengths (issue 14): what the protocol edge lets through is stored whole; what it would not, fails loudly ---

    /**
     * The longest values StoredValueLimits lets through, in random characters of one to four bytes (so that
     * neither a character count nor PostgreSQL's compression of index entries hides a byte limit): a
     * contact's bare JID of 2047 bytes (RFC 7622), a roster name and group, PEP node and item id, private
     * XML name and namespace of 1023 bytes each.
     */
    @Test
    void keepsTheLongestValuesTheEdgeLetsThrough() {
        String alice = jid("alice");
        String contact = LongValues.bareJid(1023, 1023, 11);
        RosterItem item = new RosterItem(contact, LongValues.utf8(1023, 12), Subscription.BOTH, false, false, false,
                List.of(LongValues.utf8(1023, 13), LongValues.utf8(1023, 14)));
        await(repo.putRosterItem(alice, item));
        assertEquals(List.of(item), await(repo.roster(alice)).items());

        await(repo.block(alice, Set.of(contact)));
        assertEquals(Set.of(contact), await(repo.blockList(alice)));

        String name = LongValues.utf8(1023, 15);
        String ns = LongValues.utf8(1023, 16);
        await(repo.putPrivateXml(alice, name, ns, "<x/>"));
        assertEquals(Optional.of("<x/>"), await(repo.privateXml(alice, name, ns)));

        String node = LongValues.utf8(1023, 17);
        PepItem published = new PepItem(LongValues.utf8(1023, 18), "<x/>", contact + "/" + LongValues.utf8(1023, 19), 1);
        await(repo.publishPepItem(alice, node, published, ONE_ITEM));
        assertEquals(List.of(published), await(repo.pepItems(alice, node, 0)));
    }

    /**
     * Values over the edge's limits (which a caller that skipped the edge could still send): each write
     * either keeps the value whole or fails its stage; it is never cut or lost silently.
     */
    @Test
    void overlongValuesAreKeptWholeOrFailTheirWrite() {
        String alice = jid("alice");
        String fullJid = LongValues.bareJid(1023, 1023, 21) + "/" + LongValues.utf8(1023, 22); // 3071 bytes
        if (succeeds(repo.block(alice, Set.of(fullJid)))) {
            assertEquals(Set.of(fullJid), await(repo.blockList(alice)));
        }
        String itemId = LongValues.utf8(4000, 23);
        if (succeeds(repo.publishPepItem(alice, "n", new PepItem(itemId, "<x/>", null, 1), ONE_ITEM))) {
            assertEquals(itemId, await(repo.pepItems(alice, "n", 0)).get(0).id());
        }
        String name = LongValues.utf8(4000, 24);
        if (succeeds(repo.putPrivateXml(alice, name, "urn:test", "<x/>"))) {
            assertEquals(Optional.of("<x/>"), await(repo.privateXml(alice, name, "urn:test")));
        }
        String contact = LongValues.bareJid(1023, 1023, 25);
        String user = LongValues.bareJid(1023, 1023, 26);
        RosterItem item = new RosterItem(contact, "", Subscription.NONE, true, false, false, List.of());
        if (succeeds(repo.putRosterItem(user, item))) {
            assertEquals(List.of(item), await(repo.roster(user)).items());
        }
    }

    /** Whether the write completed; a failure is what it should be (the caller is told), not a hang. */
    private static boolean succeeds(CompletionStage<?> write) {
        try {
            write.toCompletableFuture().get(30, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            return false;
        } catch (Exception e) {
            throw new AssertionError("the write neither completed nor failed", e);
        }
    }

    // --- Blocking ---

    @Test
    void blocksUnblocksAndClears() {
        String alice = jid("alice");
        assertEquals(Set.of(), await(repo.blockList(alice)));
        await(repo.block(alice, Set.of("spam@example.net", "example.org", "bob@example.com/pc")));
        await(repo.block(alice, Set.of("spam@example.net")));
        assertEquals(Set.of("spam@example.net", "example.org", "bob@example.com/pc"), await(repo.blockList(alice)));

        await(repo.unblock(alice, Set.of("example.org", "never-blocked@example.com")));
        assertEquals(Set.of("spam@example.net", "bob@example.com/pc"), await(repo.blockList(alice)));

        await(repo.block(jid("carol"), Set.of("spam@example.net")));
        await(repo.unblock(alice, Set.of()));
        assertEquals(Set.of(), await(repo.blockList(alice)));
        assertEquals(Set.of("spam@example.net"), await(repo.blockList(jid("carol"))), "clearing is per user");
    }

    // --- PEP ---

    @Test
    void createsAndReconfiguresANode() {
        String alice = jid("alice");
        assertEquals(Optional.empty(), await(repo.pepNode(alice, "urn:xmpp:avatar:data")));
        await(repo.putPepNode(alice, "urn:xmpp:avatar:data", new PepNodeConfig("presence", 1, true)));
        assertEquals(Optional.of(new PepNodeConfig("presence", 1, true)), await(repo.pepNode(alice, "urn:xmpp:avatar:data")));
        await(repo.putPepNode(alice, "urn:xmpp:avatar:data", new PepNodeConfig("open", 5, false)));
        assertEquals(Optional.of(new PepNodeConfig("open", 5, false)), await(repo.pepNode(alice, "urn:xmpp:avatar:data")));
    }

    @Test
    void publishingCreatesAMissingNodeWithTheGivenConfig() {
        String alice = jid("alice");
        await(repo.publishPepItem(alice, "http://jabber.org/protocol/tune", pepItem("t1", 1), new PepNodeConfig("open", 3, true)));
        assertEquals(Optional.of(new PepNodeConfig("open", 3, true)),
                await(repo.pepNode(alice, "http://jabber.org/protocol/tune")));
        assertEquals(List.of(pepItem("t1", 1)), await(repo.pepItems(alice, "http://jabber.org/protocol/tune", 0)));
    }

    @Test
    void publishingKeepsTheConfigOfAnExistingNode() {
        String alice = jid("alice");
        await(repo.putPepNode(alice, "n", new PepNodeConfig("roster", 2, true)));
        await(repo.publishPepItem(alice, "n", pepItem("a", 1), ONE_ITEM));
        await(repo.publishPepItem(alice, "n", pepItem("b", 2), ONE_ITEM));
        assertEquals(Optional.of(new PepNodeConfig("roster", 2, true)), await(repo.pepNode(alice, "n")));
        assertEquals(List.of("b", "a"), ids(await(repo.pepItems(alice, "n", 0))));
    }

    @Test
    void keepsAtMostMaxItemsPerNode() {
        String alice = jid("alice");
        PepNodeConfig three = new PepNodeConfig("presence", 3, true);
        for (int i = 1; i <= 6; i++) {
            await(repo.publishPepItem(alice, "n", pepItem("i" + i, i), three));
        }
        assertEquals(List.of("i6", "i5", "i4"), ids(await(repo.pepItems(alice, "n", 0))));
        await(repo.publishPepItem(alice, "other", pepItem("x", 1), ONE_ITEM));
        assertEquals(3, await(repo.pepItems(alice, "n", 0)).size(), "trimming is per node");
    }

    @Test
    void replacesAnItemPublishedAgainWithTheSameIdAsTheNewest() {
        String alice = jid("alice");
        PepNodeConfig three = new PepNodeConfig("presence", 3, true);
        await(repo.publishPepItem(alice, "n", pepItem("a", 1), three));
        await(repo.publishPepItem(alice, "n", pepItem("b", 2), three));
        PepItem newA = new PepItem("a", "<x xmlns='urn:test'>new</x>", "owner@example.com/laptop", 3);
        await(repo.publishPepItem(alice, "n", newA, three));
        assertEquals(List.of(newA, pepItem("b", 2)), await(repo.pepItems(alice, "n", 0)));
    }

    @Test
    void listsItemsNewestFirstUpToMax() {
        String alice = jid("alice");
        PepNodeConfig ten = new PepNodeConfig("presence", 10, true);
        // Same timestamps on purpose: the order is the order of publication, not of the clock.
        for (int i = 1; i <= 5; i++) {
            await(repo.publishPepItem(alice, "n", pepItem("i" + i, 42), ten));
        }
        assertEquals(List.of("i5", "i4"), ids(await(repo.pepItems(alice, "n", 2))));
        assertEquals(List.of("i5", "i4", "i3", "i2", "i1"), ids(await(repo.pepItems(alice, "n", 0))));
        assertEquals(List.of(), await(repo.pepItems(alice, "missing", 0)));
    }

    @Test
    void keepsTheLastItemWhenMaxItemsIsBelowOne() {
        String alice = jid("alice");
        PepNodeConfig zero = new PepNodeConfig("presence", 0, true);
        await(repo.publishPepItem(alice, "n", pepItem("a", 1), zero));
        await(repo.publishPepItem(alice, "n", pepItem("b", 2), zero));
        assertEquals(List.of("b"), ids(await(repo.pepItems(alice, "n", 0))));
    }

    @Test
    void keepsNoItemsOnANodeThatDoesNotPersistThem() {
        String alice = jid("alice");
        await(repo.publishPepItem(alice, "n", pepItem("a", 1), new PepNodeConfig("presence", 10, false)));
        assertTrue(await(repo.pepNode(alice, "n")).isPresent());
        assertEquals(List.of(), await(repo.pepItems(alice, "n", 0)));
    }

    @Test
    void dropsTheOldestItemsWhenANodeIsReconfiguredToKeepFewer() {
        String alice = jid("alice");
        PepNodeConfig five = new PepNodeConfig("presence", 5, true);
        for (int i = 1; i <= 5; i++) {
            await(repo.publishPepItem(alice, "n", pepItem("i" + i, i), five));
        }
        await(repo.putPepNode(alice, "n", new PepNodeConfig("presence", 2, true)));
        assertEquals(List.of("i5", "i4"), ids(await(repo.pepItems(alice, "n", 0))));
        await(repo.putPepNode(alice, "n", new PepNodeConfig("presence", 2, false)));
        assertEquals(List.of(), await(repo.pepItems(alice, "n", 0)));
    }

    @Test
    void retractsAnItem() {
        String alice = jid("alice");
        PepNodeConfig five = new PepNodeConfig("presence", 5, true);
        await(repo.publishPepItem(alice, "n", pepItem("a", 1), five));
        await(repo.publishPepItem(alice, "n", pepItem("b", 2), five));
        assertTrue(await(repo.retractPepItem(alice, "n", "a")));
        assertFalse(await(repo.retractPepItem(alice, "n", "a")));
        assertFalse(await(repo.retractPepItem(alice, "missing", "b")));
        assertEquals(List.of("b"), ids(await(repo.pepItems(alice, "n", 0))));
    }

    @Test
    void deletesANodeWithItsItems() {
        String alice = jid("alice");
        await(repo.publishPepItem(alice, "n", pepItem("a", 1), ONE_ITEM));
        assertTrue(await(repo.deletePepNode(alice, "n")));
        assertFalse(await(repo.deletePepNode(alice, "n")));
        assertEquals(Optional.empty(), await(repo.pepNode(alice, "n")));
        assertEquals(List.of(), await(repo.pepItems(alice, "n", 0)));
        // A node created again under the same name starts empty.
        await(repo.putPepNode(alice, "n", ONE_ITEM));
        assertEquals(List.of(), await(repo.pepItems(alice, "n", 0)));
    }

    @Test
    void listsTheOwnersNodes() {
        String alice = jid("alice");
        assertEquals(List.of(), await(repo.pepNodes(alice)));
        await(repo.putPepNode(alice, "urn:xmpp:avatar:metadata", ONE_ITEM));
        await(repo.publishPepItem(alice, "http://jabber.org/protocol/nick", pepItem("current", 1), ONE_ITEM));
        await(repo.putPepNode(jid("bob"), "urn:xmpp:bookmarks:1", ONE_ITEM));
        assertEquals(List.of("http://jabber.org/protocol/nick", "urn:xmpp:avatar:metadata"), await(repo.pepNodes(alice)));
    }

    @Test
    void keepsMaxItemsUnderConcurrentPublishingToANewNode() {
        String alice = jid("alice");
        PepNodeConfig five = new PepNodeConfig("presence", 5, true);
        List<CompletionStage<Void>> stages = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            stages.add(repo.publishPepItem(alice, "n", pepItem("i" + i, i), five));
        }
        stages.forEach(UserDataRepositoryContract::await);
        assertEquals(5, await(repo.pepItems(alice, "n", 0)).size());
    }

    // --- Account lifecycle ---

    @Test
    void deleteUserWipesEverythingOfThatUserOnly() {
        String alice = jid("alice");
        String bob = jid("bob");
        for (String user : List.of(alice, bob)) {
            fillEveryTable(user);
        }
        await(repo.deleteUser(alice));

        assertEquals(new Roster(0, List.of()), await(repo.roster(alice)));
        assertEquals(List.of(), await(repo.offlineMessages(alice)));
        assertEquals(Optional.empty(), await(repo.privateXml(alice, "storage", "storage:bookmarks")));
        assertEquals(Set.of(), await(repo.blockList(alice)));
        assertEquals(List.of(), await(repo.pepNodes(alice)));
        assertEquals(List.of(), await(repo.pepItems(alice, "n", 0)));
        assertFilled(bob);
        // The account can be used again from scratch.
        assertTrue(await(repo.storeOffline(alice, message("x@example.com", "again", 1), 1)));
    }

    // --- Durability ---

    @Test
    void keepsEverythingAcrossCloseAndReopen() {
        String alice = jid("alice");
        fillEveryTable(alice);
        repo.close();
        repo = openRepository();
        assertFilled(alice);
    }

    @Test
    void failsOperationsAfterClose() {
        repo.close();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> repo.roster(jid("alice")).toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertInstanceOf(RejectedExecutionException.class, e.getCause());
        repo = openRepository(); // for closeRepository()
    }

    private void fillEveryTable(String user) {
        await(repo.putRosterItem(user, item("friend@example.com", Subscription.BOTH, "Friends")));
        await(repo.storeOffline(user, message("friend@example.com/pc", "hello", 7), 10));
        await(repo.putPrivateXml(user, "storage", "storage:bookmarks", "<storage xmlns='storage:bookmarks'/>"));
        await(repo.block(user, Set.of("spam@example.net")));
        await(repo.publishPepItem(user, "n", pepItem("a", 1), ONE_ITEM));
    }

    private void assertFilled(String user) {
        Roster roster = await(repo.roster(user));
        assertNotEquals(0, roster.version());
        assertEquals(List.of(item("friend@example.com", Subscription.BOTH, "Friends")), roster.items());
        List<OfflineMessage> offline = await(repo.offlineMessages(user));
        assertEquals(1, offline.size());
        assertEquals(message("friend@example.com/pc", "hello", 7).stanza(), offline.get(0).stanza());
        assertEquals(Optional.of("<storage xmlns='storage:bookmarks'/>"),
                await(repo.privateXml(user, "storage", "storage:bookmarks")));
        assertEquals(Set.of("spam@example.net"), await(repo.blockList(user)));
        assertEquals(Optional.of(ONE_ITEM), await(repo.pepNode(user, "n")));
        assertEquals(List.of(pepItem("a", 1)), await(repo.pepItems(user, "n", 0)));
    }
}
