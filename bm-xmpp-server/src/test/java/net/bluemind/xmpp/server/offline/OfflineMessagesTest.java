package net.bluemind.xmpp.server.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.chatstates.ChatState;
import org.jivesoftware.smackx.chatstates.packet.ChatStateExtension;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import net.bluemind.xmpp.server.config.StorageConfig;
import net.bluemind.xmpp.server.testkit.SmackClients;
import net.bluemind.xmpp.server.testkit.TestServer;

class OfflineMessagesTest {

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aFullOfflineStoreAnswersResourceConstraint() throws Exception {
        StorageConfig two = new StorageConfig(null, null, null, null, null, 2);
        try (TestServer small = TestServer.start(c -> c.withStorage(two))) {
            XMPPTCPConnection alice = SmackClients.login(small, "alice@acme.test", "flood");
            StanzaCollector errors = alice.createStanzaCollector(new AndFilter(new StanzaTypeFilter(Message.class), MessageTypeFilter.ERROR));
            try {
                for (int i = 1; i <= 3; i++) {
                    alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(JidCreate.from("erin@acme.test"))
                            .ofType(Message.Type.chat).setBody("number " + i).build());
                }
                Message refused = errors.nextResult(10_000);
                assertNotNull(refused, "the third message was neither stored nor refused");
                assertEquals(StanzaError.Condition.resource_constraint, refused.getError().getCondition());
                assertEquals("number 3", refused.getBody());
                assertNull(errors.nextResult(300), "only the third is refused");
            } finally {
                alice.disconnect();
            }
        }
    }

    @Test
    void messagesToAnOfflineUserAreDeliveredInOrderAtNextLoginWithADelayStamp() throws Exception {
        XMPPTCPConnection alice = SmackClients.login(server, "alice@acme.test", "offline-sender");
        try {
            Message state = alice.getStanzaFactory().buildMessageStanza().to(JidCreate.from("erin@acme.test"))
                    .ofType(Message.Type.chat).addExtension(new ChatStateExtension(ChatState.composing)).build();
            alice.sendStanza(state);
            for (int i = 1; i <= 3; i++) {
                alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(JidCreate.from("erin@acme.test"))
                        .ofType(Message.Type.chat).setBody("while you were away " + i).build());
            }
            // A ping round trip: everything alice sent before it has been processed by then.
            org.jivesoftware.smackx.ping.PingManager.getInstanceFor(alice).pingMyServer(true, 10_000);
        } finally {
            alice.disconnect();
        }
        XMPPTCPConnection erin = SmackClients.connection(server, "erin@acme.test", "erin", "back", b -> { });
        StanzaCollector inbox = erin.createStanzaCollector(new StanzaTypeFilter(Message.class));
        erin.connect().login();
        try {
            for (int i = 1; i <= 3; i++) {
                Message m = inbox.nextResult(10_000);
                assertNotNull(m, "offline message " + i + " never came");
                assertEquals("while you were away " + i, m.getBody());
                DelayInformation delay = DelayInformation.from(m);
                assertNotNull(delay, "no XEP-0203 delay stamp");
                assertEquals("acme.test", delay.getFrom());
                assertEquals("alice@acme.test/offline-sender", m.getFrom().toString());
            }
            assertNull(inbox.nextResult(500), "a bare chat state is not kept for later");
        } finally {
            erin.disconnect();
        }
        XMPPTCPConnection again = SmackClients.connection(server, "erin@acme.test", "erin", "again", b -> { });
        StanzaCollector second = again.createStanzaCollector(new StanzaTypeFilter(Message.class));
        again.connect().login();
        try {
            assertNull(second.nextResult(1000), "offline messages are delivered once");
        } finally {
            again.disconnect();
        }
    }
}
