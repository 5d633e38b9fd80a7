package net.bluemind.xmpp.server.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.blocking.BlockingCommandManager;
import org.jivesoftware.smackx.blocking.element.BlockListIQ;
import org.jivesoftware.smackx.blocking.element.BlockedErrorExtension;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

import net.bluemind.xmpp.server.testkit.Await;
import net.bluemind.xmpp.server.testkit.SmackClients;
import net.bluemind.xmpp.server.testkit.Stanzas;
import net.bluemind.xmpp.server.testkit.TestServer;

/** XEP-0191 blocking command, over real sockets; each test on a fresh server (block lists persist). */
class BlockingTest {

    private TestServer server;
    private final List<XMPPTCPConnection> open = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        open.forEach(XMPPTCPConnection::disconnect);
        open.clear();
        server.close();
    }

    private XMPPTCPConnection login(String jid, String resource) throws Exception {
        XMPPTCPConnection c = SmackClients.login(server, jid, resource);
        open.add(c);
        server.awaitAvailable(c.getUser().toString());
        return c;
    }

    private static Jid jid(String s) throws Exception {
        return JidCreate.from(s);
    }

    private static Message chat(XMPPTCPConnection from, String to, String body) throws Exception {
        return from.getStanzaFactory().buildMessageStanza().to(jid(to)).ofType(Message.Type.chat).setBody(body).build();
    }

    private static StanzaCollector messages(XMPPTCPConnection c) {
        return c.createStanzaCollector(new StanzaTypeFilter(Message.class));
    }

    private static Message nextBody(StanzaCollector c) throws Exception {
        return Stanzas.next(c, (Message m) -> m.getBody() != null, "a message with a body");
    }

    @Test
    void announcesBlockingOnTheServerAndTheAccount() throws Exception {
        XMPPTCPConnection alice = login("alice@acme.test", "disco");
        assertTrue(BlockingCommandManager.getInstanceFor(alice).isSupportedByServer());
        assertTrue(ServiceDiscoveryManager.getInstanceFor(alice).discoverInfo(jid("alice@acme.test"))
                .containsFeature(BlockingProcessor.NS));
    }

    @Test
    void blockListIsReadChangedAndPushedToTheResourcesThatAskedForIt() throws Exception {
        XMPPTCPConnection one = login("alice@acme.test", "one");
        XMPPTCPConnection two = login("alice@acme.test", "two");
        BlockingCommandManager atOne = BlockingCommandManager.getInstanceFor(one);
        BlockingCommandManager atTwo = BlockingCommandManager.getInstanceFor(two);
        assertEquals(List.of(), atTwo.getBlockList());
        CompletableFuture<List<Jid>> pushedBlock = new CompletableFuture<>();
        CompletableFuture<List<Jid>> pushedUnblock = new CompletableFuture<>();
        CompletableFuture<Void> pushedUnblockAll = new CompletableFuture<>();
        atTwo.addJidsBlockedListener(pushedBlock::complete);
        atTwo.addJidsUnblockedListener(pushedUnblock::complete);
        atTwo.addAllJidsUnblockedListener(() -> pushedUnblockAll.complete(null));

        atOne.blockContacts(List.of(jid("bob@acme.test"), jid("globex.test"), jid("erin@acme.example/phone")));
        assertEquals(List.of(jid("bob@acme.test"), jid("globex.test"), jid("erin@acme.test/phone")),
                pushedBlock.get(10, TimeUnit.SECONDS), "the push names the blocked JIDs, aliases as their domain");
        assertEquals(List.of(jid("bob@acme.test"), jid("globex.test"), jid("erin@acme.test/phone")), storedList(one));

        atOne.unblockContacts(List.of(jid("globex.test")));
        assertEquals(List.of(jid("globex.test")), pushedUnblock.get(10, TimeUnit.SECONDS));
        assertEquals(List.of(jid("bob@acme.test"), jid("erin@acme.test/phone")), storedList(one));

        atOne.unblockAll();
        pushedUnblockAll.get(10, TimeUnit.SECONDS);
        assertEquals(List.of(), storedList(two));
    }

    /** The list as the server has it (Smack's manager answers from its own copy once it has one). */
    private static List<Jid> storedList(XMPPTCPConnection c) throws Exception {
        BlockListIQ result = c.sendIqRequestAndWaitForResponse(new BlockListIQ());
        return result.getBlockedJids();
    }

    @Test
    void aBlockWithoutItemsIsABadRequest() throws Exception {
        XMPPTCPConnection alice = login("alice@acme.test", "bad");
        XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class,
                () -> BlockingCommandManager.getInstanceFor(alice).blockContacts(List.of()));
        assertEquals(StanzaError.Condition.bad_request, e.getStanzaError().getCondition());
    }

    @Test
    void messagesFromABlockedContactAreRefusedAsIfTheUserWereOfflineUntilUnblocked() throws Exception {
        XMPPTCPConnection erin = login("erin@acme.test", "e");
        XMPPTCPConnection bob = login("bob@acme.test", "b");
        BlockingCommandManager erinBlocking = BlockingCommandManager.getInstanceFor(erin);
        erinBlocking.blockContacts(List.of(jid("bob@acme.test")));
        StanzaCollector erinInbox = messages(erin);
        StanzaCollector bobInbox = messages(bob);

        bob.sendStanza(chat(bob, "erin@acme.test", "blocked, to the bare JID"));
        bob.sendStanza(chat(bob, "erin@acme.test/e", "blocked, to the full JID"));
        XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class,
                () -> bob.sendIqRequestAndWaitForResponse(new Ping(bob, erin.getUser())));
        assertEquals(StanzaError.Condition.service_unavailable, e.getStanzaError().getCondition(),
                "a request from a blocked contact is answered as if the user were not there");

        for (int i = 0; i < 2; i++) {
            Message refused = (Message) bobInbox.nextResult(10_000);
            assertNotNull(refused, "each blocked message is answered (XEP-0191: the server SHOULD return an error)");
            assertEquals(StanzaError.Condition.service_unavailable, refused.getError().getCondition());
        }

        erinBlocking.unblockContacts(List.of(jid("bob@acme.test")));
        bob.sendStanza(chat(bob, "erin@acme.test", "unblocked"));
        assertEquals("unblocked", nextBody(erinInbox).getBody(), "nothing from bob came before the unblock");
        Stanzas.routed(bob);
        assertNull(bobInbox.pollResult(), "no error for a message that was delivered");
    }

    @Test
    void messagesFromABlockedContactAreNotStoredForLater() throws Exception {
        XMPPTCPConnection erin = login("erin@acme.test", "first");
        BlockingCommandManager.getInstanceFor(erin).blockContacts(List.of(jid("bob@acme.test")));
        erin.disconnect();
        Await.until("erin offline", () -> server.server().sessions().sessionCount() == 0);

        XMPPTCPConnection bob = login("bob@acme.test", "b");
        bob.sendStanza(chat(bob, "erin@acme.test", "blocked while offline"));
        Stanzas.routed(bob);
        XMPPTCPConnection alice = login("alice@acme.test", "a");
        alice.sendStanza(chat(alice, "erin@acme.test", "kept while offline"));
        Stanzas.routed(alice);

        XMPPTCPConnection back = SmackClients.connection(server, "erin@acme.test", "erin", "back", b -> { });
        StanzaCollector inbox = messages(back);
        back.connect().login();
        open.add(back);
        assertEquals("kept while offline", nextBody(inbox).getBody(), "bob's message was not stored");
    }

    @Test
    void sendingToABlockedContactIsRefusedWithNotAcceptableAndBlocked() throws Exception {
        XMPPTCPConnection alice = login("alice@acme.test", "a");
        XMPPTCPConnection carol = login("carol@globex.test", "c");
        BlockingCommandManager.getInstanceFor(alice).blockContacts(List.of(jid("carol@globex.test")));
        StanzaCollector aliceInbox = messages(alice);
        StanzaCollector carolInbox = messages(carol);

        alice.sendStanza(chat(alice, "carol@globex.test", "can you hear me?"));
        Message error = Stanzas.next(aliceInbox, (Message m) -> m.getType() == Message.Type.error, "the error");
        assertEquals(StanzaError.Condition.not_acceptable, error.getError().getCondition());
        assertTrue(BlockedErrorExtension.isInside(error), "the error carries <blocked xmlns='urn:xmpp:blocking:errors'/>");
        assertEquals("carol@globex.test", error.getFrom().toString());

        BlockingCommandManager.getInstanceFor(alice).unblockContacts(List.of(jid("carol@globex.test")));
        alice.sendStanza(chat(alice, "carol@globex.test", "now you can"));
        assertEquals("now you can", nextBody(carolInbox).getBody(), "the message sent while blocked never arrived");
    }

    @Test
    void aDomainBlockCoversEveryoneThereAndAFullJidOnlyThatResource() throws Exception {
        XMPPTCPConnection erin = login("erin@acme.test", "e");
        XMPPTCPConnection carol = login("carol@globex.test", "c");
        XMPPTCPConnection bobPhone = login("bob@acme.test", "phone");
        XMPPTCPConnection bobDesk = login("bob@acme.test", "desk");
        BlockingCommandManager.getInstanceFor(erin).blockContacts(List.of(jid("globex.test"), jid("bob@acme.test/phone")));
        StanzaCollector erinInbox = messages(erin);
        StanzaCollector carolInbox = messages(carol);

        carol.sendStanza(chat(carol, "erin@acme.test", "from a blocked domain"));
        bobPhone.sendStanza(chat(bobPhone, "erin@acme.test", "from a blocked resource"));
        Stanzas.routed(carol);
        Stanzas.routed(bobPhone);
        bobDesk.sendStanza(chat(bobDesk, "erin@acme.test", "from another resource"));
        assertEquals("from another resource", nextBody(erinInbox).getBody());

        erin.sendStanza(chat(erin, "carol@globex.test", "to a blocked domain"));
        Message error = Stanzas.next(erinInbox, (Message m) -> m.getType() == Message.Type.error, "the error");
        assertTrue(BlockedErrorExtension.isInside(error));
        Stanzas.routed(erin);
        Message m;
        while ((m = carolInbox.pollResult()) != null) {
            // carol only hears the service-unavailable answer to her own blocked message
            assertEquals(Message.Type.error, m.getType(), "erin's message reached the domain she blocked: " + m);
        }
    }

    @Test
    void blockingAContactSendsItUnavailablePresenceAndUnblockingTheCurrentOne() throws Exception {
        XMPPTCPConnection alice = login("alice@acme.test", "a");
        XMPPTCPConnection bob = login("bob@acme.test", "b");
        subscribe(bob, alice);
        StanzaCollector bobSees = bob.createStanzaCollector(new StanzaTypeFilter(Presence.class));
        alice.sendStanza(alice.getStanzaFactory().buildPresenceStanza().setStatus("before").build());
        Stanzas.next(bobSees, (Presence p) -> "before".equals(p.getStatus()), "alice's presence");

        BlockingCommandManager.getInstanceFor(alice).blockContacts(List.of(jid("bob@acme.test")));
        Presence gone = Stanzas.next(bobSees, (Presence p) -> p.getFrom().toString().equals("alice@acme.test/a"), "alice's unavailable");
        assertEquals(Presence.Type.unavailable, gone.getType());

        alice.sendStanza(alice.getStanzaFactory().buildPresenceStanza().setStatus("hidden from bob").build());
        alice.sendStanza(alice.getStanzaFactory().buildPresenceStanza().setStatus("after").build());
        BlockingCommandManager.getInstanceFor(alice).unblockContacts(List.of(jid("bob@acme.test")));
        Presence back = Stanzas.next(bobSees, (Presence p) -> p.getFrom().toString().equals("alice@acme.test/a"), "alice's presence again");
        assertEquals(Presence.Type.available, back.getType());
        assertEquals("after", back.getStatus(), "no presence reached bob while he was blocked");
    }

    /** {@code subscriber} gets a subscription to {@code contact}'s presence. */
    private static void subscribe(XMPPTCPConnection subscriber, XMPPTCPConnection contact) throws Exception {
        Roster.getInstanceFor(subscriber).reloadAndWait();
        Roster.getInstanceFor(contact).reloadAndWait();
        StanzaCollector requests = contact.createStanzaCollector(new StanzaTypeFilter(Presence.class));
        subscriber.sendStanza(subscriber.getStanzaFactory().buildPresenceStanza().to(contact.getUser().asBareJid())
                .ofType(Presence.Type.subscribe).build());
        Stanzas.next(requests, (Presence p) -> p.getType() == Presence.Type.subscribe, "the subscription request");
        contact.sendStanza(contact.getStanzaFactory().buildPresenceStanza().to(subscriber.getUser().asBareJid())
                .ofType(Presence.Type.subscribed).build());
        Await.until("the subscription is in place", () -> {
            RosterEntry e = Roster.getInstanceFor(subscriber).getEntry(contact.getUser().asBareJid());
            return e != null && e.getType() == RosterPacket.ItemType.to;
        });
    }
}
