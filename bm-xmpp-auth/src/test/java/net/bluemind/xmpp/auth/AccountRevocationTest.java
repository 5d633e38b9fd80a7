package net.bluemind.xmpp.auth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.coreclient.BmMq;
import net.bluemind.xmpp.coresim.SimHarness;
import net.bluemind.xmpp.server.config.AuthConfig;
import net.bluemind.xmpp.server.testkit.Await;
import net.bluemind.xmpp.server.testkit.LogLines;
import net.bluemind.xmpp.server.testkit.SmackClients;
import net.bluemind.xmpp.server.testkit.StreamErrors;
import net.bluemind.xmpp.server.testkit.TestServer;

/**
 * {@code auth.repository: bluemind} as configured in production, its provider following bm-mq: bm-core-sim
 * publishes the admin console's user changes on the local RabbitMQ, and the sessions of an account that may no
 * longer chat end with {@code not-authorized} within 5 s, while the others go on.
 */
class AccountRevocationTest {

    private static final Duration WITHIN = Duration.ofSeconds(5);

    private SimHarness sim;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        sim = SimHarness.start(SimHarness.LOCAL_RABBITMQ);
        try (LogLines mq = new LogLines(BmMq.class)) {
            server = TestServer.start(c -> c.withAuth(new AuthConfig("bluemind", null, new AuthConfig.ThrottleConfig(10_000, 10_000, 300), 3,
                    Map.of("core-url", sim.url().toString(), "token-file", sim.tokenFile().toString(), "cache-ttl-seconds", 1,
                            "amqp-uri", SimHarness.LOCAL_RABBITMQ.toString()))));
            // An event published before the plugin's queue is bound would reach nobody: wait for the binding.
            mq.await("following bm-mq", "user.*");
        }
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        sim.close();
    }

    @Test
    void losingTheImRoleEndsTheSessions() throws Exception {
        XMPPTCPConnection alice = SmackClients.login(server, "alice@acme.test", "revocation");
        StreamErrors aliceClosed = StreamErrors.watch(alice);

        sim.put("/sim/users/acme.test/alice/roles", "[]");
        Await.until("alice's session ended with not-authorized", WITHIN,
                () -> aliceClosed.condition() == StreamError.Condition.not_authorized);
    }

    @Test
    void aDeletedUserHasHisSessionsEndedAndTheOthersGoOn() throws Exception {
        XMPPTCPConnection bob = SmackClients.login(server, "bob@acme.test", "revocation");
        StreamErrors bobClosed = StreamErrors.watch(bob);
        XMPPTCPConnection erin = SmackClients.login(server, "erin@acme.test", "revocation");
        try {
            sim.delete("/sim/users/acme.test/bob");
            Await.until("bob's session ended with not-authorized", WITHIN,
                    () -> bobClosed.condition() == StreamError.Condition.not_authorized);
            // A round trip of erin's after bob's end: her session was not touched.
            assertTrue(org.jivesoftware.smackx.ping.PingManager.getInstanceFor(erin).pingMyServer(true, 10_000));
            assertTrue(erin.isConnected(), "other users keep their sessions");
        } finally {
            erin.disconnect();
        }
    }
}
