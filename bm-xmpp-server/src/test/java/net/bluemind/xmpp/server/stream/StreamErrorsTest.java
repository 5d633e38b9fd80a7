package net.bluemind.xmpp.server.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import net.bluemind.xmpp.server.c2s.C2SConnection;
import net.bluemind.xmpp.server.testkit.RawClient;
import net.bluemind.xmpp.server.testkit.SmackClients;
import net.bluemind.xmpp.server.testkit.TestServer;
import net.bluemind.xmpp.xml.XmlChars;

/** Each broken peer loses only its own connection, with the right stream error; the others chat on. */
class StreamErrorsTest {

    private static TestServer server;
    private static XMPPTCPConnection alice;
    private static XMPPTCPConnection bob;
    private static int sent;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        alice = SmackClients.login(server, "alice@acme.test", "bystander");
        bob = SmackClients.login(server, "bob@acme.test", "bystander");
        server.awaitAvailable("bob@acme.test/bystander");
    }

    @AfterAll
    static void stop() throws Exception {
        alice.disconnect();
        bob.disconnect();
        server.close();
    }

    @AfterEach
    void othersKeepChatting() throws Exception {
        StanzaCollector inbox = bob.createStanzaCollector(new StanzaTypeFilter(Message.class));
        String body = "still here " + ++sent;
        alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(JidCreate.from("bob@acme.test"))
                .ofType(Message.Type.chat).setBody(body).build());
        Message m = inbox.nextResult(10_000);
        inbox.cancel();
        assertNotNull(m, "the bystanders' chat stopped");
        assertEquals(body, m.getBody());
        assertTrue(alice.isConnected() && bob.isConnected());
    }

    private static void assertStreamError(String transcript, String condition) {
        assertTrue(transcript.contains("<stream:error><" + condition + " xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"),
                "expected " + condition + " in: " + transcript);
        assertTrue(transcript.endsWith("</stream:stream>"), transcript);
    }

    @Test
    void unknownDomainGetsHostUnknown() throws Exception {
        try (RawClient c = RawClient.plain(server)) {
            c.openStream("unknown.test");
            assertStreamError(c.awaitClose(), "host-unknown");
        }
    }

    @Test
    void malformedXmlGetsNotWellFormed() throws Exception {
        try (RawClient c = RawClient.plain(server)) {
            c.openStream("acme.test");
            c.await("</stream:features>");
            c.send("<message><body>unclosed</message>");
            assertStreamError(c.awaitClose(), "not-well-formed");
        }
    }

    @Test
    void malformedXmlAfterLoginGetsNotWellFormed() throws Exception {
        try (RawClient c = RawClient.plain(server)) {
            c.login("acme.test", "erin", "erin", "broken");
            c.send("<message to='bob@acme.test'><body>a < b</body></message>");
            assertStreamError(c.awaitClose(), "not-well-formed");
        }
    }

    @Test
    void xmlBombIsRefusedWithRestrictedXml() throws Exception {
        try (RawClient c = RawClient.plain(server)) {
            StringBuilder bomb = new StringBuilder("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol0 'lol'>");
            for (int i = 1; i < 10; i++) {
                bomb.append("<!ENTITY lol").append(i).append(" '");
                for (int j = 0; j < 10; j++) {
                    bomb.append("&lol").append(i - 1).append(';');
                }
                bomb.append("'>");
            }
            bomb.append("]><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='acme.test' version='1.0'>");
            c.send(bomb.toString());
            assertStreamError(c.awaitClose(), "restricted-xml");
        }
    }

    @Test
    void undeclaredEntityEndsTheStream() throws Exception {
        try (RawClient c = RawClient.plain(server)) {
            c.openStream("acme.test");
            c.await("</stream:features>");
            c.send("<message><body>&lol9;</body></message>");
            String t = c.awaitClose();
            assertTrue(t.contains("<not-well-formed ") || t.contains("<restricted-xml "), t);
        }
    }

    @Test
    void commentsAreRefusedWithRestrictedXml() throws Exception {
        try (RawClient c = RawClient.plain(server)) {
            c.openStream("acme.test");
            c.await("</stream:features>");
            c.send("<!-- hello -->");
            assertStreamError(c.awaitClose(), "restricted-xml");
        }
    }

    @Test
    void oversizedStanzaGetsPolicyViolation() throws Exception {
        try (RawClient c = RawClient.plain(server)) {
            c.login("acme.test", "erin", "erin", "big");
            sendQuietly(c, "<message to='bob@acme.test'><body>");
            String chunk = "x".repeat(16 * 1024);
            for (int i = 0; i < 20 && !c.isClosed(); i++) {
                sendQuietly(c, chunk);
            }
            assertStreamError(c.awaitClose(), "policy-violation");
        }
    }

    @Test
    void tooManyBytesBeforeAuthenticationGetPolicyViolation() throws Exception {
        try (RawClient c = RawClient.plain(server)) {
            c.openStream("acme.test");
            c.await("</stream:features>");
            String filler = "<x>" + "y".repeat(8000) + "</x>";
            for (int i = 0; i < 12 && !c.isClosed(); i++) {
                sendQuietly(c, filler);
            }
            String t = c.awaitClose();
            assertTrue(t.contains("<policy-violation ") || t.contains("<not-authorized ") || t.contains("<unsupported-stanza-type "), t);
        }
    }

    @Test
    void deepNestingGetsPolicyViolation() throws Exception {
        try (RawClient c = RawClient.plain(server)) {
            c.login("acme.test", "erin", "erin", "deep");
            sendQuietly(c, "<message to='bob@acme.test'>" + "<a>".repeat(100) + "</a>".repeat(100) + "</message>");
            assertStreamError(c.awaitClose(), "policy-violation");
        }
    }

    @Test
    void stanzaBeforeAuthenticationGetsNotAuthorized() throws Exception {
        try (RawClient c = RawClient.plain(server)) {
            c.openStream("acme.test");
            c.await("</stream:features>");
            c.send("<message to='bob@acme.test'><body>let me in</body></message>");
            assertStreamError(c.awaitClose(), "not-authorized");
        }
    }

    @Test
    void wrongStreamNamespaceGetsInvalidNamespace() throws Exception {
        try (RawClient c = RawClient.plain(server)) {
            c.send("<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams' to='acme.test' version='1.0'>");
            assertStreamError(c.awaitClose(), "invalid-namespace");
        }
    }

    @Test
    void oldStreamVersionGetsUnsupportedVersion() throws Exception {
        try (RawClient c = RawClient.plain(server)) {
            c.send("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='acme.test'>");
            assertStreamError(c.awaitClose(), "unsupported-version");
        }
    }

    @Test
    void forgedFromGetsInvalidFrom() throws Exception {
        try (RawClient c = RawClient.plain(server)) {
            c.login("acme.test", "erin", "erin", "forger");
            c.send("<message from='alice@acme.test/bystander' to='bob@acme.test'><body>it is me, alice</body></message>");
            assertStreamError(c.awaitClose(), "invalid-from");
        }
    }

    @Test
    void unknownTopLevelElementGetsUnsupportedStanzaType() throws Exception {
        try (RawClient c = RawClient.plain(server)) {
            c.login("acme.test", "erin", "erin", "odd");
            c.send("<foo xmlns='urn:example:foo'/>");
            assertStreamError(c.awaitClose(), "unsupported-stanza-type");
        }
    }

    @Test
    void closingTheStreamIsAnsweredInKind() throws Exception {
        try (RawClient c = RawClient.plain(server)) {
            c.login("acme.test", "erin", "erin", "polite");
            c.send("</stream:stream>");
            assertTrue(c.awaitClose().endsWith("</stream:stream>"));
        }
    }

    /**
     * A malformed stream ends with the stream error of RFC 6120 §4.9.3 and one log line naming it at
     * INFO (or below), without a stack trace; the server's own answer stays well-formed (XML 1.0 §2.2).
     */
    private static void assertCleanStreamError(byte[] input, String condition) throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger connectionLog = (Logger) LoggerFactory.getLogger(C2SConnection.class);
        connectionLog.addAppender(logs);
        try (RawClient c = RawClient.plain(server)) {
            c.openStream("acme.test");
            c.await("</stream:features>");
            sendQuietly(c, input);
            String t = c.awaitClose();
            assertStreamError(t, condition);
            assertEquals(-1, XmlChars.firstForbidden(t), "the server wrote a character XML forbids: " + t);
        } finally {
            connectionLog.detachAppender(logs);
        }
        List<ILoggingEvent> warnings = logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
        assertTrue(warnings.isEmpty(), "warnings: " + warnings);
        assertTrue(logs.list.stream().allMatch(e -> e.getThrowableProxy() == null), "a stack trace was logged");
        assertEquals(1, logs.list.stream().filter(e -> e.getFormattedMessage().contains(condition)).count(), "one line names the error");
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        byte[] a = before.getBytes(StandardCharsets.UTF_8);
        byte[] c = after.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(middle, 0, out, a.length, middle.length);
        System.arraycopy(c, 0, out, a.length + middle.length, c.length);
        return out;
    }

    @Test
    void controlCharactersInTextGetNotWellFormedWithoutAStackTrace() throws Exception {
        for (String bad : new String[] {"\u0000", "\u0007", "]]>"}) {
            assertCleanStreamError(("<message to='bob@acme.test'><body>a" + bad + "b</body></message><presence/>")
                    .getBytes(StandardCharsets.UTF_8), "not-well-formed");
        }
    }

    @Test
    void anElementNamedLikeANamespaceDeclarationGetsNotWellFormed() throws Exception {
        assertCleanStreamError("<xmlns:foo/><presence/>".getBytes(StandardCharsets.UTF_8), "not-well-formed");
    }

    @Test
    void noncharactersAreNeverEchoed() throws Exception {
        assertCleanStreamError(("<message to='bob@acme.test'><bo\uFFFEdy>x</bo\uFFFEdy></message>").getBytes(StandardCharsets.UTF_8),
                "not-well-formed");
        try (RawClient c = RawClient.plain(server)) {
            c.send("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' "
                    + "to='acme.test\uFFFE' version='1.0'>");
            String t = c.awaitClose();
            assertTrue(t.contains("<stream:error>"), t);
            assertEquals(-1, XmlChars.firstForbidden(t), "the server echoed a character XML forbids: " + t);
        }
    }

    @Test
    void overlongUtf8GetsNotWellFormed() throws Exception {
        // 0xC0 0xAF is an overlong '/' (RFC 3629 §3): a filter matching bytes would not see it as one.
        assertCleanStreamError(concat("<message to='bob@acme.test'><body>a", new byte[] {(byte) 0xC0, (byte) 0xAF}, "b</body></message>"),
                "not-well-formed");
    }

    @Test
    void anotherEncodingGetsUnsupportedEncoding() throws Exception {
        try (RawClient c = RawClient.plain(server)) {
            c.send("<?xml version='1.0' encoding='ISO-8859-1'?><stream:stream xmlns='jabber:client' "
                    + "xmlns:stream='http://etherx.jabber.org/streams' to='acme.test' version='1.0'>");
            assertStreamError(c.awaitClose(), "unsupported-encoding");
        }
        try (RawClient c = RawClient.plain(server)) {
            sendQuietly(c, ("\uFEFF<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                    + "xmlns:stream='http://etherx.jabber.org/streams' to='acme.test' version='1.0'>").getBytes(StandardCharsets.UTF_16BE));
            assertStreamError(c.awaitClose(), "unsupported-encoding");
        }
    }

    private static void sendQuietly(RawClient c, byte[] bytes) {
        try {
            c.send(bytes);
        } catch (IOException e) {
            // the server may close while we are still writing
        }
    }

    private static void sendQuietly(RawClient c, String xml) {
        try {
            c.send(xml);
        } catch (IOException e) {
            // the server may close while we are still writing: that is what the test expects
        }
    }
}
