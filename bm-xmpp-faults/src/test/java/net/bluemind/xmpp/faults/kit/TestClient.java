package net.bluemind.xmpp.faults.kit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import net.bluemind.xmpp.server.config.LimitsConfig;
import net.bluemind.xmpp.server.stream.StreamClose;
import net.bluemind.xmpp.server.stream.StreamLimits;
import net.bluemind.xmpp.server.stream.XmppStreamDecoder;
import net.bluemind.xmpp.xml.Element;

/**
 * An XMPP client over a real socket (direct TLS, XEP-0368), for tests that drive a server process hard: its
 * writes are the caller's, its reads happen on a thread of its own and are parsed by the server's own stream
 * decoder. During the login it hands elements to the caller; once logged in, to a listener. It counts the
 * stream management acknowledgements it gets.
 */
public final class TestClient implements AutoCloseable {

    private static final String SM = "urn:xmpp:sm:3";
    private static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    private static final String STREAMS = "http://etherx.jabber.org/streams";
    private static final Duration STEP = Duration.ofSeconds(20);

    private final SSLSocket socket;
    private final OutputStream out;
    private final String domain;
    private final BlockingDeque<Object> negotiation = new LinkedBlockingDeque<>();
    private final AtomicLong acknowledged = new AtomicLong(-1);
    /** Stanzas received since stream management was enabled: the h this client reports. */
    private final AtomicLong handled = new AtomicLong();
    private volatile boolean streamManaged;
    private volatile String streamError;
    private volatile Consumer<Element> listener;
    private volatile boolean closed;
    /** Once set, the reading thread stops reading: the client plays one that does not read what it is sent. */
    private final java.util.concurrent.CountDownLatch stopReading = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean reading = true;
    private final Thread reader;

    private TestClient(SSLSocket socket, String domain) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.domain = domain;
        InputStream in = socket.getInputStream();
        this.reader = new Thread(() -> read(in), "test-client-" + domain);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Connects to a direct-TLS port, trusting whatever certificate the server shows.
     *
     * @param receiveBuffer the socket's receive buffer, or 0 for the system's (small: a client that does not
     *                      read fills the server's queue quickly)
     */
    public static TestClient connect(String host, int port, String domain, int receiveBuffer) throws IOException {
        Socket plain = new Socket();
        if (receiveBuffer > 0) {
            plain.setReceiveBufferSize(receiveBuffer);
        }
        plain.connect(new InetSocketAddress(host, port), 10_000);
        SSLSocket s = (SSLSocket) trustAll().getSocketFactory().createSocket(plain, domain, port, true);
        SSLParameters p = s.getSSLParameters();
        p.setServerNames(List.of(new SNIHostName(domain)));
        s.setSSLParameters(p);
        s.setUseClientMode(true);
        s.startHandshake();
        return new TestClient(s, domain);
    }

    public static TestClient login(String host, int port, String user, String password, String resource) throws IOException {
        String domain = user.substring(user.indexOf('@') + 1);
        TestClient c = connect(host, port, domain, 0);
        c.login(user.substring(0, user.indexOf('@')), password, resource);
        return c;
    }

    /** SASL PLAIN and resource binding; throws when the server says no. */
    public void login(String localpart, String password, String resource) throws IOException {
        openStream();
        expect("features");
        String creds = Base64.getEncoder().encodeToString(("\0" + localpart + "\0" + password).getBytes(StandardCharsets.UTF_8));
        send("<auth xmlns='" + SASL + "' mechanism='PLAIN'>" + creds + "</auth>");
        Element outcome = next();
        if (!"success".equals(outcome.name())) {
            throw new LoginRefused(outcome);
        }
        openStream();
        expect("features");
        send("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>" + resource + "</resource></bind></iq>");
        Element bound = next();
        if (!"result".equals(bound.attribute("type"))) {
            throw new IOException("bind refused: " + bound);
        }
    }

    /** XEP-0198 without resumption; from now on acknowledgements are counted, and the server's requests answered. */
    public void enableStreamManagement() throws IOException {
        send("<enable xmlns='" + SM + "'/>");
        List<Element> before = new ArrayList<>();
        Element enabled = next();
        while (!SM.equals(enabled.namespace())) { // stanzas that came first (our presence's echo) stay for the listener
            before.add(enabled);
            enabled = next();
        }
        for (int i = before.size() - 1; i >= 0; i--) {
            negotiation.addFirst(before.get(i));
        }
        if (!"enabled".equals(enabled.name())) {
            throw new IOException("stream management refused: " + enabled);
        }
        acknowledged.set(0);
        streamManaged = true;
    }

    /** Initial presence: the server delivers messages to the bare JID to this resource from now on. */
    public void available() throws IOException {
        send("<presence/>");
    }

    /** From now on, stanzas go to {@code l} on the reading thread instead of the login's queue. */
    public void listen(Consumer<Element> l) {
        this.listener = l;
        Object queued;
        while ((queued = negotiation.poll()) != null) {
            if (queued instanceof Element e) {
                l.accept(e);
            }
        }
    }

    /** The highest {@code h} the server acknowledged so far; -1 before stream management. */
    public long acknowledged() {
        return acknowledged.get();
    }

    public synchronized void send(String xml) throws IOException {
        out.write(xml.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The condition of the stream error the server ended the stream with ({@code not-authorized}...), or null. */
    public String streamError() {
        return streamError;
    }

    /** Whether the server closed the stream or the connection. */
    public boolean closed() {
        return closed;
    }

    private void openStream() throws IOException {
        send("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='"
                + domain + "' version='1.0'>");
    }

    private void expect(String name) throws IOException {
        Element e = next();
        if (!name.equals(e.name())) {
            throw new IOException("expected <" + name + ">, got " + e);
        }
    }

    /** The next element during the login. */
    private Element next() throws IOException {
        try {
            Object o = negotiation.poll(STEP.toMillis(), TimeUnit.MILLISECONDS);
            if (o instanceof Element e) {
                return e;
            }
            throw new IOException(o == null ? "no answer in " + STEP.toSeconds() + " s" : "the server closed the stream");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private void read(InputStream in) {
        LimitsConfig generous = new LimitsConfig(64 << 20, 64 << 20, 64, 256, 1 << 20, null, null, null);
        XmppStreamDecoder decoder = new XmppStreamDecoder(StreamLimits.of(generous));
        decoder.authenticated();
        EmbeddedChannel parser = new EmbeddedChannel(decoder);
        byte[] buf = new byte[64 * 1024];
        try {
            int n;
            while (awaitReading() && (n = in.read(buf)) > 0) {
                parser.writeInbound(Unpooled.wrappedBuffer(buf, 0, n));
                Object o;
                while ((o = parser.readInbound()) != null) {
                    if (o instanceof Element e) {
                        onElement(e, decoder);
                    } else if (o instanceof StreamClose) {
                        break;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // closed (by us or by the server) or not XML: either way the stream is over
        } finally {
            closed = true;
            negotiation.add(StreamClose.INSTANCE);
        }
    }

    /** Blocks for good once {@link #stopReading()} was called (until the client is closed). */
    private boolean awaitReading() {
        if (reading) {
            return true;
        }
        try {
            stopReading.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** From now on nothing is read from the socket: what the server sends piles up in its queues. */
    public void stopReading() {
        reading = false;
    }

    private void onElement(Element e, XmppStreamDecoder decoder) {
        if ("error".equals(e.name()) && STREAMS.equals(e.namespace())) {
            Element condition = e.firstChildElement();
            streamError = condition == null ? "" : condition.name();
        }
        if (SM.equals(e.namespace())) {
            if ("a".equals(e.name())) {
                long h = Long.parseLong(e.attribute("h"));
                acknowledged.accumulateAndGet(h, Math::max);
                return;
            }
            if ("r".equals(e.name()) && streamManaged) {
                answerRequest();
                return;
            }
        } else if (streamManaged && isStanza(e)) {
            handled.incrementAndGet();
        }
        if ("success".equals(e.name()) && SASL.equals(e.namespace())) {
            decoder.reset(); // the server's next bytes are a new stream
        }
        Consumer<Element> l = listener;
        if (l != null) {
            l.accept(e);
        } else {
            negotiation.add(e);
        }
    }

    private static boolean isStanza(Element e) {
        return "message".equals(e.name()) || "presence".equals(e.name()) || "iq".equals(e.name());
    }

    /** XEP-0198 §4: the server asks how many stanzas we have; it holds them (and their bytes) until told. */
    private void answerRequest() {
        try {
            send("<a xmlns='" + SM + "' h='" + (handled.get() & 0xffffffffL) + "'/>");
        } catch (IOException ignored) {
            // the connection is going away: the reading loop ends with it
        }
    }

    /**
     * The server answered the SASL exchange with {@code <failure/>}; {@link #condition()} is its RFC 6120 §6.5
     * condition ({@code not-authorized}, {@code temporary-auth-failure}...).
     */
    public static final class LoginRefused extends IOException {
        private final String condition;

        LoginRefused(Element failure) {
            super("login refused: " + failure);
            String c = null;
            for (Element child : failure.childElements()) {
                if (!"text".equals(child.name())) {
                    c = child.name();
                    break;
                }
            }
            this.condition = c;
        }

        public String condition() {
            return condition;
        }
    }

    private static SSLContext trustAll() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                    // the test's own server, with its generated certificate
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        stopReading.countDown();
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
