package net.bluemind.xmpp.server.testkit;

import java.util.ArrayList;
import java.util.List;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.jxmpp.jid.impl.JidCreate;

/**
 * For tests between Smack clients on one server per test class: the server, the clients a test opened
 * (closed after it), and the few helpers every such test needs.
 */
public abstract class LiveServerTest {

    protected static final long TIMEOUT = 10_000;
    protected static TestServer server;
    private final List<XMPPTCPConnection> open = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @AfterEach
    void disconnectClients() {
        open.forEach(XMPPTCPConnection::disconnect);
        open.clear();
    }

    /** Logs in with the demo password and returns once the server has the resource available. */
    protected XMPPTCPConnection login(String jid, String resource) throws Exception {
        XMPPTCPConnection c = SmackClients.login(server, jid, resource);
        open.add(c);
        server.awaitAvailable(c.getUser().toString());
        return c;
    }

    /** A client this test opened some other way, to be closed with the others. */
    protected XMPPTCPConnection track(XMPPTCPConnection c) {
        open.add(c);
        return c;
    }

    protected static Message chat(XMPPTCPConnection from, String to, String body) throws Exception {
        return from.getStanzaFactory().buildMessageStanza().to(JidCreate.from(to)).ofType(Message.Type.chat).setBody(body).build();
    }

    protected static StanzaCollector messages(XMPPTCPConnection c) {
        return c.createStanzaCollector(new StanzaTypeFilter(Message.class));
    }
}
