package net.bluemind.xmpp.server.s2s;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.server.config.S2sConfig;
import net.bluemind.xmpp.server.testkit.SmackClients;
import net.bluemind.xmpp.server.testkit.TestServer;

/**
 * Federation with a real Prosody ({@code peer.test} on 127.0.0.2): messages, subscriptions and presence in
 * both directions. Subclasses choose how the servers authenticate each other.
 */
abstract class ProsodyFederation {

    static final String PEER = "peer.test";
    static final String PEER_ADDRESS = "127.0.0.2";
    static final String PASSWORD = "secret-pw";

    static TestServer ours;
    static ProsodyFixture prosody;
    private final List<XMPPTCPConnection> open = new ArrayList<>();

    /** @param external both sides trust the test CA and insist on certificates: SASL EXTERNAL both ways */
    static void startBoth(boolean external) throws Exception {
        assumeTrue(PeerProcesses.installed("prosody"), "prosody is not installed (scripts/services.sh ensure installs it)");
        TestCa ca = new TestCa();
        prosody = new ProsodyFixture(PEER, PEER_ADDRESS, ca, external, external,
                Map.of("acme.test", OurFederatingServer.S2S_ADDRESS, "globex.test", OurFederatingServer.S2S_ADDRESS));
        for (String u : List.of("alice", "bob", "erin", "frank")) {
            prosody.register(u, PASSWORD);
        }
        prosody.start();
        Path certs = null;
        Path caFile = null;
        if (external) {
            certs = Files.createTempDirectory("acme-certs");
            ca.issue("acme.test", certs);
            Files.delete(certs.resolve("acme.test.crt"));
            Files.delete(certs.resolve("acme.test.key"));
            caFile = certs.resolve("ca.pem");
            ca.writeCa(caFile);
        }
        ours = OurFederatingServer.start(Map.of(PEER, PEER_ADDRESS + ":5269"), certs, caFile,
                external ? S2sConfig.STRICT : S2sConfig.DIALBACK_ALLOWED, 10);
    }

    @AfterAll
    static void stopBoth() throws Exception {
        if (ours != null) {
            ours.close();
            ours = null;
        }
        if (prosody != null) {
            prosody.close();
            prosody = null;
        }
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
        XMPPTCPConnection c = FederationPeer.login(PEER_ADDRESS, PEER, user, PASSWORD);
        open.add(c);
        return c;
    }

    @Test
    void chatFromOurUserReachesProsodyUser() throws Exception {
        FederationScenarios.chatDelivered(local("alice"), remote("alice"), "hello prosody");
    }

    @Test
    void chatFromProsodyUserReachesOurUser() throws Exception {
        FederationScenarios.chatDelivered(remote("bob"), local("bob"), "hello bm-xmpp");
    }

    @Test
    void ourUserSubscribesToProsodyUserAndSeesPresence() throws Exception {
        XMPPTCPConnection erin = local("erin");
        XMPPTCPConnection peerErin = remote("erin");
        FederationScenarios.subscriptionHandshake(erin, peerErin);
        FederationScenarios.presenceUpdateSeen(erin, peerErin, "in a meeting");
    }

    @Test
    void prosodyUserSubscribesToOurUserAndSeesPresence() throws Exception {
        XMPPTCPConnection peerFrank = remote("frank");
        XMPPTCPConnection alice = local("alice");
        FederationScenarios.subscriptionHandshake(peerFrank, alice);
        FederationScenarios.presenceUpdateSeen(peerFrank, alice, "at lunch");
    }
}
