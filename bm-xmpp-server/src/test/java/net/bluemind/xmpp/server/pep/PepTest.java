package net.bluemind.xmpp.server.pep;

import static net.bluemind.xmpp.server.pep.PepClients.assertNothingBefore;
import static net.bluemind.xmpp.server.pep.PepClients.events;
import static net.bluemind.xmpp.server.pep.PepClients.geo;
import static net.bluemind.xmpp.server.pep.PepClients.nextEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.geoloc.packet.GeoLocation;
import org.jivesoftware.smackx.pep.PepManager;
import org.jivesoftware.smackx.pubsub.AccessModel;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jivesoftware.smackx.pubsub.form.ConfigureForm;
import org.jivesoftware.smackx.pubsub.form.FillableConfigureForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import net.bluemind.xmpp.server.testkit.Await;
import net.bluemind.xmpp.server.testkit.RawClient;
import net.bluemind.xmpp.server.testkit.TestServer;

/**
 * XEP-0163 over real sockets with Smack: bob has a presence subscription to alice, erin has none.
 * Interest in a node is announced the way clients do it, through entity caps ("+notify").
 */
class PepTest {

    private static final String ALICE = "alice@acme.test";
    private static TestServer server;
    private PepClients clients;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        try (PepClients setup = new PepClients(server)) {
            PepClients.subscribe(setup.login("bob@acme.test", "setup"), setup.login(ALICE, "setup"));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @AfterEach
    void disconnect() {
        if (clients != null) {
            clients.close();
        }
    }

    private PepClients clients() {
        clients = new PepClients(server);
        return clients;
    }

    @Test
    void publicationReachesOwnResourcesAndSubscribedContactsThatAskedForIt() throws Exception {
        String node = "urn:test:pep:notify";
        PepClients c = clients();
        XMPPTCPConnection alice1 = c.login(ALICE, "one", node);
        XMPPTCPConnection alice2 = c.login(ALICE, "two", node);
        XMPPTCPConnection bob = c.login("bob@acme.test", "desk", node);
        XMPPTCPConnection erin = c.login("erin@acme.test", "desk", node);
        StanzaCollector toAlice1 = events(alice1, ALICE);
        StanzaCollector toAlice2 = events(alice2, ALICE);
        StanzaCollector toBob = events(bob, ALICE);
        StanzaCollector toErin = events(erin, ALICE);

        PepManager.getInstanceFor(alice1).publish(node, new PayloadItem<>("first", geo("at the office")));

        Message m = nextEvent(toBob, node, "first", "at the office");
        assertEquals(ALICE, m.getFrom().toString(), "notifications come from the owner's bare JID");
        assertEquals(Message.Type.headline, m.getType());
        nextEvent(toAlice2, node, "first", "at the office");
        nextEvent(toAlice1, node, "first", "at the office");
        assertNothingBefore(toErin, alice1, erin, "no subscription, no event");
    }

    @Test
    void resourcesWithoutInterestAreNotNotified() throws Exception {
        String node = "urn:test:pep:uninterested";
        PepClients c = clients();
        XMPPTCPConnection alice = c.login(ALICE, "pub", node);
        XMPPTCPConnection bob = c.login("bob@acme.test", "other", "urn:test:pep:something-else");
        StanzaCollector toBob = events(bob, ALICE);

        PepManager.getInstanceFor(alice).publish(node, new PayloadItem<>("x", geo("here")));

        assertNothingBefore(toBob, alice, bob, "bob did not ask for this node");
    }

    @Test
    void lastPublishedItemReachesANewResourceAtLogin() throws Exception {
        String node = "urn:test:pep:last";
        PepClients c = clients();
        XMPPTCPConnection alice = c.login(ALICE, "pub", node);
        PepManager.getInstanceFor(alice).publish(node, new PayloadItem<>("old", geo("yesterday")));
        PepManager.getInstanceFor(alice).publish(node, new PayloadItem<>("new", geo("today")));

        XMPPTCPConnection bob = c.prepare("bob@acme.test", "late", node);
        StanzaCollector toBob = events(bob, ALICE);
        XMPPTCPConnection alice2 = c.prepare(ALICE, "late", node);
        StanzaCollector toAlice2 = events(alice2, ALICE);
        c.connect(bob, node);
        c.connect(alice2, node);

        Message last = nextEvent(toBob, node, "new", "today");
        assertTrue(last.toXML().toString().contains("urn:xmpp:delay"), "the last item is stamped with its publication time");
        nextEvent(toAlice2, node, "new", "today");
        assertNothingBefore(toBob, alice, bob, "only the last item");
    }

    @Test
    void itemsAreRetrievedNewestFirstLimitedAndByIdThenRetracted() throws Exception {
        String node = "urn:test:pep:many";
        PepClients c = clients();
        XMPPTCPConnection alice = c.login(ALICE, "pub");
        XMPPTCPConnection bob = c.login("bob@acme.test", "reader", node);
        PubSubManager pep = PepManager.getInstanceFor(alice).getPepPubSubManager();
        ConfigureForm defaults = pep.getDefaultConfiguration();
        assertEquals(1, defaults.getMaxItems());
        assertEquals(AccessModel.presence, defaults.getAccessModel());
        FillableConfigureForm form = defaults.getFillableForm();
        form.setMaxItems(10);
        pep.createNode(node, form);
        LeafNode leaf = pep.getLeafNode(node);
        for (String id : List.of("a", "b", "c")) {
            leaf.publish(new PayloadItem<>(id, geo("item " + id)));
        }

        List<PayloadItem<GeoLocation>> newest = leaf.getItems(2);
        assertEquals(List.of("b", "c"), newest.stream().map(PayloadItem::getId).toList(), "the two newest, oldest first");
        assertEquals("item b", newest.get(0).getPayload().getDescription());
        List<PayloadItem<GeoLocation>> byId = leaf.getItems(List.of("a"));
        assertEquals(List.of("a"), byId.stream().map(PayloadItem::getId).toList());

        LeafNode seenByBob = PubSubManager.getInstanceFor(bob, JidCreate.bareFrom(ALICE)).getLeafNode(node);
        assertEquals(3, seenByBob.getItems().size(), "a contact with a presence subscription reads a presence node");

        StanzaCollector toBob = events(bob, ALICE);
        leaf.deleteItem("b");
        Message retract = nextEvent(toBob, node, "retract", "b");
        assertNotNull(retract);
        assertEquals(List.of("a", "c"), leaf.getItems().stream().map(i -> i.getId()).toList());
        XMPPException.XMPPErrorException gone = assertThrows(XMPPException.XMPPErrorException.class, () -> leaf.deleteItem("b"));
        assertEquals(StanzaError.Condition.item_not_found, gone.getStanzaError().getCondition());
    }

    @Test
    void nodesAreConfiguredAndDeletedWithNotification() throws Exception {
        String node = "urn:test:pep:config";
        PepClients c = clients();
        XMPPTCPConnection alice = c.login(ALICE, "pub");
        XMPPTCPConnection bob = c.login("bob@acme.test", "watch", node);
        PubSubManager pep = PepManager.getInstanceFor(alice).getPepPubSubManager();
        PepManager.getInstanceFor(alice).publish(node, new PayloadItem<>("v1", geo("one")));

        LeafNode leaf = pep.getLeafNode(node);
        FillableConfigureForm open = leaf.getNodeConfiguration().getFillableForm();
        open.setAccessModel(AccessModel.open);
        leaf.sendConfigurationForm(open);
        assertEquals(AccessModel.open, leaf.getNodeConfiguration().getAccessModel());

        XMPPTCPConnection erin = c.login("erin@acme.test", "reader");
        assertEquals(1, PubSubManager.getInstanceFor(erin, JidCreate.bareFrom(ALICE)).getLeafNode(node).getItems().size(),
                "anyone reads an open node");

        StanzaCollector toBob = events(bob, ALICE);
        assertTrue(pep.deleteNode(node));
        nextEvent(toBob, node, "delete");
        assertFalse(pep.deleteNode(node), "deleting again: no such node");
    }

    @Test
    void theAccountIsAPepServiceInServiceDiscovery() throws Exception {
        String presenceNode = "urn:test:pep:disco-presence";
        String privateNode = "urn:test:pep:disco-private";
        PepClients c = clients();
        XMPPTCPConnection alice = c.login(ALICE, "pub");
        XMPPTCPConnection bob = c.login("bob@acme.test", "disco");
        XMPPTCPConnection erin = c.login("erin@acme.test", "disco");
        assertTrue(PepManager.getInstanceFor(alice).isSupported());
        PubSubManager pep = PepManager.getInstanceFor(alice).getPepPubSubManager();
        pep.createNode(presenceNode);
        FillableConfigureForm whitelist = pep.getDefaultConfiguration().getFillableForm();
        whitelist.setAccessModel(AccessModel.whitelist);
        pep.createNode(privateNode, whitelist);

        DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(bob).discoverInfo(JidCreate.bareFrom(ALICE));
        assertTrue(info.hasIdentity("pubsub", "pep"), info.toXML().toString());
        assertTrue(info.hasIdentity("account", "registered"));
        for (String f : List.of("publish", "retrieve-items", "auto-create", "publish-options", "retract-items", "delete-nodes",
                "persistent-items", "last-published", "access-presence", "access-whitelist", "create-nodes", "config-node")) {
            assertTrue(info.containsFeature("http://jabber.org/protocol/pubsub#" + f), f);
        }

        assertEquals(List.of(presenceNode, privateNode), nodes(alice, presenceNode, privateNode), "the owner sees all");
        assertEquals(List.of(presenceNode), nodes(bob, presenceNode, privateNode), "a contact sees presence nodes");
        assertEquals(List.of(), nodes(erin, presenceNode, privateNode), "a stranger sees neither");
    }

    /** The nodes among {@code wanted} that disco#items of alice's account shows to {@code who}. */
    private static List<String> nodes(XMPPTCPConnection who, String... wanted) throws Exception {
        DiscoverItems items = ServiceDiscoveryManager.getInstanceFor(who).discoverItems(JidCreate.bareFrom(ALICE));
        List<String> all = items.getItems().stream().map(DiscoverItems.Item::getNode).toList();
        return List.of(wanted).stream().filter(all::contains).toList();
    }

    @Test
    void retrievalFollowsTheAccessModel() throws Exception {
        String node = "urn:test:pep:access";
        PepClients c = clients();
        XMPPTCPConnection alice = c.login(ALICE, "pub");
        PepManager.getInstanceFor(alice).publish(node, new PayloadItem<>("p", geo("presence only")));
        try (RawClient erin = RawClient.plain(server)) {
            erin.login("acme.test", "erin", "erin", "raw");
            erin.send("<iq type='get' id='r1' to='alice@acme.test'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                    + "<items node='" + node + "'/></pubsub></iq>");
            String denied = erin.await("</iq>");
            assertTrue(denied.contains("<not-authorized") && denied.contains("presence-subscription-required"), denied);
            erin.send("<iq type='set' id='r2' to='alice@acme.test'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                    + "<publish node='" + node + "'><item><x xmlns='urn:test'/></item></publish></pubsub></iq>");
            String forbidden = erin.await("</iq>");
            assertTrue(forbidden.contains("<forbidden"), forbidden);
            erin.send("<iq type='get' id='r3' to='alice@acme.test'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                    + "<items node='urn:test:pep:none'/></pubsub></iq>");
            String missing = erin.await("</iq>");
            assertTrue(missing.contains("<item-not-found"), missing);
        }
    }

    @Test
    void contactsReadTheNodesOfAnOwnerWhoIsOffline() throws Exception {
        String node = "urn:test:pep:offline-owner";
        PepClients c = clients();
        XMPPTCPConnection alice = c.login(ALICE, "gone");
        PepManager.getInstanceFor(alice).publish(node, new PayloadItem<>("kept", geo("while away")));
        alice.disconnect();
        Await.until("alice offline", () -> server.server().sessions().sessions(JidCreate.entityBareFromOrThrowUnchecked(ALICE)).length == 0);

        XMPPTCPConnection bob = c.login("bob@acme.test", "reader");
        List<PayloadItem<GeoLocation>> items = PubSubManager.getInstanceFor(bob, JidCreate.bareFrom(ALICE)).getLeafNode(node).getItems();
        assertEquals("while away", items.get(0).getPayload().getDescription());

        XMPPTCPConnection bobLate = c.prepare("bob@acme.test", "late", node);
        StanzaCollector toBob = events(bobLate, ALICE);
        c.connect(bobLate, node);
        nextEvent(toBob, node, "kept", "while away");
    }
}
