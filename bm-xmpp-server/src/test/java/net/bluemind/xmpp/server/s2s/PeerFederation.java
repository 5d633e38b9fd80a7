package net.bluemind.xmpp.server.s2s;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import net.bluemind.xmpp.server.config.S2sConfig;
import net.bluemind.xmpp.server.testkit.Await;
import net.bluemind.xmpp.server.testkit.SmackClients;
import net.bluemind.xmpp.server.testkit.TestServer;

/**
 * Federation with a real server (Prosody, ejabberd): messages, subscriptions and presence in both
 * directions. Subclasses choose the peer and how the servers authenticate each other.
 */
abstract class PeerFederation {

    static final String PASSWORD = "secret-pw";

    static TestServer ours;
    static PeerServer peer;
    private static Path ourCertificates;
    private final List<XMPPTCPConnection> open = new ArrayList<>();

    interface PeerFactory {
        PeerServer create(TestCa ca, boolean external) throws Exception;
    }

    /** @param external both sides trust the test CA and insist on certificates: SASL EXTERNAL both ways */
    static void startBoth(String command, PeerFactory factory, boolean external) throws Exception {
        assumeTrue(PeerProcesses.installed(command), command + " is not installed (scripts/services.sh ensure installs it)");
        TestCa ca = new TestCa();
        peer = factory.create(ca, external);
        for (String u : List.of("alice", "bob", "erin", "frank")) {
            peer.register(u, PASSWORD);
        }
        peer.start();
        Path certs = null;
        Path caFile = null;
        if (external) {
            certs = Files.createTempDirectory("acme-certs");
            ourCertificates = certs;
            ca.issue("acme.test", certs);
            Files.delete(certs.resolve("acme.test.crt"));
            Files.delete(certs.resolve("acme.test.key"));
            caFile = certs.resolve("ca.pem");
            ca.writeCa(caFile);
        }
        ours = OurFederatingServer.start(Map.of(peer.domain(), peer.address() + ":5269"), certs, caFile,
                external ? S2sConfig.STRICT : S2sConfig.DIALBACK_ALLOWED, 10);
    }

    @AfterAll
    static void stopBoth() throws Exception {
        if (ours != null) {
            ours.close();
            ours = null;
        }
        if (peer != null) {
            peer.close();
            peer = null;
        }
        PeerProcesses.deleteTree(ourCertificates);
        ourCertificates = null;
    }

    @AfterEach
    void disconnect() {
        open.forEach(XMPPTCPConnection::disconnect);
        open.clear();
    }

    XMPPTCPConnection local(String user) throws Exception {
        XMPPTCPConnection c = SmackClients.login(ours, user + "@acme.test", "peer");
        open.add(c);
        ours.awaitAvailable(c.getUser().toString());
        return c;
    }

    XMPPTCPConnection remote(String user) throws Exception {
        XMPPTCPConnection c = FederationPeer.login(peer.address(), peer.domain(), user, PASSWORD);
        open.add(c);
        return c;
    }

    @Test
    void chatFromOurUserReachesPeerUser() throws Exception {
        FederationScenarios.chatDelivered(local("alice"), remote("alice"), "hello peer");
    }

    @Test
    void chatFromPeerUserReachesOurUser() throws Exception {
        FederationScenarios.chatDelivered(remote("bob"), local("bob"), "hello bm-xmpp");
    }

    @Test
    void ourUserSubscribesToPeerUserAndSeesPresence() throws Exception {
        XMPPTCPConnection erin = local("erin");
        XMPPTCPConnection peerErin = remote("erin");
        FederationScenarios.subscriptionHandshake(erin, peerErin);
        FederationScenarios.presenceUpdateSeen(erin, peerErin, "in a meeting");
    }

    @Test
    void peerUserSubscribesToOurUserAndSeesPresence() throws Exception {
        XMPPTCPConnection peerFrank = remote("frank");
        XMPPTCPConnection alice = local("alice");
        FederationScenarios.subscriptionHandshake(peerFrank, alice);
        FederationScenarios.presenceUpdateSeen(peerFrank, alice, "at lunch");
    }

    @Test
    void removingARemoteContactCancelsBothSubscriptionsOnThePeer() throws Exception {
        XMPPTCPConnection bob = local("bob");
        XMPPTCPConnection peerAlice = remote("alice");
        FederationScenarios.subscriptionHandshake(bob, peerAlice);
        FederationScenarios.subscriptionHandshake(peerAlice, bob);
        FederationScenarios.contactRemoved(bob, peerAlice);
    }

    @Test
    void federatedConversationIsInOurUsersArchive() throws Exception {
        XMPPTCPConnection erin = local("erin");
        XMPPTCPConnection peerBob = remote("bob");
        FederationScenarios.chatDelivered(peerBob, erin, "archived in");
        FederationScenarios.chatDelivered(erin, peerBob, "archived out");
        MamManager mam = MamManager.getInstanceFor(erin);
        assertTrue(mam.isSupported(), "MAM on our server"); // also picks the MAM version Smack then speaks
        Await.until("both messages with " + peerBob.getUser().asBareJid() + " in erin's archive", Duration.ofSeconds(10), () -> {
            try {
                List<String> bodies = mam.queryArchive(MamManager.MamQueryArgs.builder().limitResultsToJid(peerBob.getUser().asBareJid())
                        .setResultPageSizeTo(50).build()).getMessages().stream().map(Message::getBody).toList();
                return bodies.contains("archived in") && bodies.contains("archived out");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void iqsCrossInBothDirections() throws Exception {
        XMPPTCPConnection bob = local("bob");
        XMPPTCPConnection peerBob = remote("bob");
        // Our server's processors answer a remote user (disco on the domain), the answer routed back over s2s.
        DiscoverInfo ours = ServiceDiscoveryManager.getInstanceFor(peerBob).discoverInfo(JidCreate.domainBareFrom("acme.test"));
        assertTrue(ours.hasIdentity("server", "im"), "our server's disco#info identity, as seen from " + peer.domain());
        // A request to a local resource reaches it, and its answer goes back (XEP-0199 ping, answered by Smack).
        assertTrue(PingManager.getInstanceFor(peerBob).ping(bob.getUser()), "ping of " + bob.getUser() + " from " + peer.domain());
        // The other way: the peer's server answers our user.
        DiscoverInfo theirs = ServiceDiscoveryManager.getInstanceFor(bob).discoverInfo(JidCreate.domainBareFrom(peer.domain()));
        assertTrue(theirs.hasIdentity("server", "im"), peer.domain() + "'s disco#info identity, as seen from acme.test");
    }
}
