package net.bluemind.xmpp.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * Drives the client state machine with a scripted server over an {@link EmbeddedChannel} (plain TCP mode): what the
 * client writes is checked step by step, and the server's lines are fed as raw bytes, sometimes cut mid-token.
 */
class XmppClientConnectionTest {

    static final String SERVER_HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' id='s-1' from='acme.test' version='1.0' xml:lang='en'>";
    static final String SASL_FEATURES = "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
            + "<mechanism>SCRAM-SHA-1</mechanism><mechanism>PLAIN</mechanism></mechanisms></stream:features>";
    static final String BIND_FEATURES = "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>"
            + "<session xmlns='urn:ietf:params:xml:ns:xmpp-session'><optional/></session></stream:features>";

    /** Records callbacks; messages go through the real scenario path (LoopTraffic) to measure latency. */
    private static final class Recorder implements ConnectionListener {
        final List<String> events = new ArrayList<>();
        LoginFailure failure;
        final MessageStats stats = new MessageStats();

        @Override
        public void onOnline(XmppClientConnection c) {
            events.add("online " + c.boundJid());
        }

        @Override
        public void onLoginFailed(XmppClientConnection c, LoginFailure f) {
            events.add("failed");
            failure = f;
        }

        @Override
        public void onMessage(XmppClientConnection c, XmlElement message, long nowNanos) {
            events.add("message");
            ChatSender receiver = (ChatSender) c.attachment();
            receiver.traffic.delivered(receiver, message, nowNanos);
        }

        @Override
        public void onStanzaError(XmppClientConnection c, XmlElement stanza) {
            events.add("error " + stanza.condition());
        }

        @Override
        public void onLost(XmppClientConnection c, String reason) {
            events.add("lost: " + reason);
        }
    }

    static ConnectionSettings plain(boolean presence) {
        return new ConnectionSettings("acme.test", "bench", "r", TlsMode.NONE, null, presence, 30_000, 5_000);
    }

    static void serverSends(EmbeddedChannel ch, String xml) {
        ch.writeInbound(Unpooled.copiedBuffer(xml, StandardCharsets.UTF_8));
    }

    /** Everything the client wrote since the last call. */
    static String clientWrote(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            sb.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        return sb.toString();
    }

    private static String expectedHeader() {
        return "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                + "xmlns:stream='http://etherx.jabber.org/streams' to='acme.test' version='1.0'>";
    }

    @Test
    void logsInThenMeasuresAnIncomingMessage() {
        Recorder rec = new Recorder();
        XmppClientConnection conn = new XmppClientConnection(plain(true), "bench1", rec);
        EmbeddedChannel ch = new EmbeddedChannel();
        LoopTraffic traffic = new LoopTraffic(ch.eventLoop(), rec.stats, 16, 0);
        ChatSender me = new ChatSender(0, conn, traffic, "bench2@acme.test");
        ChatSender partner = new ChatSender(1,
                new XmppClientConnection(plain(true), "bench2", rec), traffic, "bench1@acme.test");
        me.partner = partner;
        partner.partner = me;
        partner.inFlight = 1;
        conn.attach(me);
        ch.pipeline().addLast(conn);
        ch.pipeline().fireChannelActive();

        assertEquals(expectedHeader(), clientWrote(ch));

        serverSends(ch, SERVER_HEADER + SASL_FEATURES);
        String auth = clientWrote(ch);
        String b64 = auth.replaceAll("^<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>(.*)</auth>$",
                "$1");
        assertEquals("\0bench1\0bench", new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8));

        serverSends(ch, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
        assertEquals(expectedHeader(), clientWrote(ch), "stream restarted after SASL");

        serverSends(ch, SERVER_HEADER + BIND_FEATURES);
        assertEquals("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>r</resource>"
                + "</bind></iq>", clientWrote(ch));
        assertFalse(conn.isOnline());

        serverSends(ch, "<iq type='result' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                + "<jid>bench1@acme.test/r</jid></bind></iq>");
        assertEquals("<presence/>", clientWrote(ch), "optional session skipped, presence sent");
        assertTrue(conn.isOnline());
        assertEquals(List.of("online bench1@acme.test/r"), rec.events);
        assertTrue(conn.loginNanos() > 0);

        long sentAt = System.nanoTime() - 5_000_000L;
        serverSends(ch, "<message from='bench2@acme.test/r' to='bench1@acme.test/r' type='chat' id='7'><body>"
                + ChatPayload.encode(sentAt, 20) + "</body></message>");
        assertEquals(List.of("online bench1@acme.test/r", "message"), rec.events);
        assertEquals(1, rec.stats.delivered.sum());
        assertEquals(0, partner.inFlight, "the partner got its in-flight credit back");
        LatencyHistogram.Snapshot latency = rec.stats.latency.snapshot();
        assertEquals(1, latency.count());
        assertTrue(latency.p50Ms() >= 5.0 && latency.p50Ms() < 5_000, "latency " + latency.p50Ms());

        conn.close();
        assertEquals("</stream:stream>", clientWrote(ch));
        serverSends(ch, "</stream:stream>");
        assertTrue(ch.isOpen(), "waits for the server to drop TCP first");
        ch.advanceTimeBy(5, java.util.concurrent.TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(ch.isOpen(), "closed by the close timer when the server keeps TCP open");
        assertEquals(2, rec.events.size(), "a requested close is not a loss: " + rec.events);
    }

    @Test
    void byteByByteTranscriptWithRequiredSessionAndPing() {
        Recorder rec = new Recorder();
        XmppClientConnection conn = new XmppClientConnection(plain(false), "bench9", rec);
        EmbeddedChannel ch = new EmbeddedChannel(conn);
        clientWrote(ch);

        dribble(ch, SERVER_HEADER + SASL_FEATURES);
        assertTrue(clientWrote(ch).startsWith("<auth "));
        dribble(ch, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
        clientWrote(ch);
        dribble(ch, SERVER_HEADER + "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>"
                + "<session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></stream:features>");
        clientWrote(ch);
        dribble(ch, "<iq type='result' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>bench9@acme.test/x"
                + "</jid></bind></iq>");
        assertEquals("<iq type='set' id='s1'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>",
                clientWrote(ch), "a non-optional session is established");
        assertFalse(conn.isOnline());
        dribble(ch, "<iq type='result' id='s1'/>");
        assertEquals("", clientWrote(ch), "no presence with --no-presence");
        assertTrue(conn.isOnline());
        assertEquals("bench9@acme.test/x", conn.boundJid());

        serverSends(ch, " <iq type='get' id='p1' from='acme.test'><ping xmlns='urn:xmpp:ping'/></iq>"
                + "<iq type='get' id='v1' from='acme.test'><query xmlns='jabber:iq:version'/></iq>");
        assertEquals("<iq type='result' id='p1' to='acme.test'/><iq type='error' id='v1' to='acme.test'>"
                + "<error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
                clientWrote(ch));

        serverSends(ch, "<message type='error' from='bench10@acme.test' id='3'><error type='cancel'>"
                + "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
        serverSends(ch, "<stream:error><system-shutdown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>");
        assertEquals(List.of("online bench9@acme.test/x", "error <service-unavailable/>", "error <system-shutdown/>",
                "lost: stream error <system-shutdown/>"), rec.events);
        assertFalse(ch.isOpen());
    }

    @Test
    void saslFailureReportsStepAndServerReply() {
        Recorder rec = new Recorder();
        EmbeddedChannel ch = new EmbeddedChannel(new XmppClientConnection(plain(true), "bench1", rec));
        serverSends(ch, SERVER_HEADER + SASL_FEATURES);
        serverSends(ch, "<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/>"
                + "<text xml:lang='en'>Invalid username or password</text></failure>");
        assertEquals(List.of("failed"), rec.events);
        LoginFailure f = rec.failure;
        assertEquals("sasl", f.step());
        assertTrue(f.rejected());
        assertEquals("the server answered <failure/> <not-authorized/>", f.reason());
        assertTrue(f.serverReply().contains("Invalid username or password"), f.serverReply());
        assertTrue(f.describe().startsWith("login failed at step 'sasl'"), f.describe());
        assertTrue(clientWrote(ch).endsWith("</stream:stream>"), "the stream is closed politely");
        assertFalse(ch.isOpen());
    }

    @Test
    void missingPlainMechanismAndEarlyCloseAreExplained() {
        Recorder rec = new Recorder();
        EmbeddedChannel ch = new EmbeddedChannel(new XmppClientConnection(plain(true), "bench1", rec));
        serverSends(ch, SERVER_HEADER + "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                + "<mechanism>SCRAM-SHA-1</mechanism></mechanisms></stream:features>");
        assertEquals("sasl", rec.failure.step());
        assertEquals("the server does not offer SASL PLAIN (offers [SCRAM-SHA-1])", rec.failure.reason());

        Recorder rec2 = new Recorder();
        EmbeddedChannel ch2 = new EmbeddedChannel(new XmppClientConnection(plain(true), "bench1", rec2));
        serverSends(ch2, SERVER_HEADER);
        ch2.close();
        assertEquals("stream", rec2.failure.step());
        assertTrue(rec2.failure.reason().contains("<stream:features/>"), rec2.failure.reason());
        assertNull(rec2.failure.serverReply());
    }

    @Test
    void malformedXmlIsAProtocolError() {
        Recorder rec = new Recorder();
        EmbeddedChannel ch = new EmbeddedChannel(new XmppClientConnection(plain(true), "bench1", rec));
        serverSends(ch, SERVER_HEADER + "<stream:features><oops></stream:features>");
        assertNotNull(rec.failure);
        assertEquals("stream", rec.failure.step());
        assertTrue(rec.failure.reason().startsWith("the server sent malformed XML"), rec.failure.reason());
        assertFalse(ch.isOpen());
    }

    /** Feeds the XML in 3-byte slices, so that tags, attributes and UTF-8 sequences are cut everywhere. */
    private static void dribble(EmbeddedChannel ch, String xml) {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += 3) {
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(3, bytes.length - i)));
        }
    }
}
