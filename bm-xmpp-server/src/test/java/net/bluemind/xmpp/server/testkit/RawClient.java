package net.bluemind.xmpp.server.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A raw XML client over a real socket, for what no well-behaved library sends: malformed XML, bombs,
 * out-of-order negotiation. It reads everything the server sends into one transcript; assertions wait
 * for text to appear in it, with a deadline.
 */
public final class RawClient implements AutoCloseable {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final TestServer server;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final StringBuilder transcript = new StringBuilder();
    private int consumed;
    private boolean eof;

    private RawClient(TestServer server, Socket socket) throws IOException {
        this.server = server;
        use(socket);
    }

    /** A plain TCP connection to the STARTTLS port. */
    public static RawClient plain(TestServer server) throws IOException {
        return new RawClient(server, new Socket("127.0.0.1", server.startTlsPort()));
    }

    /** A plain TCP connection to another of the server's sockets (its s2s listener); STARTTLS trusts the same certificates. */
    public static RawClient plain(TestServer server, String host, int port) throws IOException {
        return new RawClient(server, new Socket(host, port));
    }

    /**
     * A plain TCP connection to the server's {@code port} from {@code localAddress}: on Linux every 127.0.0.x
     * is the loopback, so 127.0.0.2, 127.0.0.3... are as many distinct client addresses.
     */
    public static RawClient plainFrom(TestServer server, String localAddress, int port) throws IOException {
        return new RawClient(server, socketFrom(localAddress, port));
    }

    /** A bare socket from {@code localAddress} to the server's loopback {@code port}, for connections that send nothing. */
    public static Socket socketFrom(String localAddress, int port) throws IOException {
        Socket s = new Socket();
        try {
            s.bind(new java.net.InetSocketAddress(localAddress, 0));
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 10_000);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** A TLS connection to the direct-TLS port, sending {@code sniName} (null for none). */
    public static RawClient directTls(TestServer server, String sniName) throws IOException {
        SSLSocket s = (SSLSocket) server.sslContext().getSocketFactory().createSocket("127.0.0.1", server.directTlsPort());
        configure(s, sniName);
        s.startHandshake();
        return new RawClient(server, s);
    }

    /**
     * A TLS connection to the direct-TLS port with a tiny receive buffer: a client that reads nothing after
     * logging in fills the server's queues quickly instead of the kernel's.
     */
    public static RawClient directTlsSmallWindow(TestServer server, String sniName) throws IOException {
        Socket plain = new Socket();
        plain.setReceiveBufferSize(4096);
        plain.connect(new java.net.InetSocketAddress("127.0.0.1", server.directTlsPort()));
        SSLSocket s = (SSLSocket) server.sslContext().getSocketFactory().createSocket(plain, sniName, server.directTlsPort(), true);
        configure(s, sniName);
        s.setUseClientMode(true);
        s.startHandshake();
        return new RawClient(server, s);
    }

    private static void configure(SSLSocket s, String sniName) {
        SSLParameters p = s.getSSLParameters();
        if (sniName != null) {
            p.setServerNames(List.of(new SNIHostName(sniName)));
        }
        s.setSSLParameters(p);
    }

    private void use(Socket s) throws IOException {
        this.socket = s;
        s.setSoTimeout(100);
        this.in = s.getInputStream();
        this.out = s.getOutputStream();
    }

    public RawClient send(String xml) throws IOException {
        out.write(xml.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    public RawClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    public RawClient openStream(String domain) throws IOException {
        return send("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='"
                + domain + "' version='1.0'>");
    }

    /** Waits until the server has sent {@code text} after what earlier waits consumed; returns what came up to it. */
    public String await(String text) throws IOException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            int i = transcript.indexOf(text, consumed);
            if (i >= 0) {
                String upTo = transcript.substring(consumed, i + text.length());
                consumed = i + text.length();
                return upTo;
            }
            if (eof || System.nanoTime() > end) {
                throw new AssertionError("server never sent '" + text + "'; got: " + transcript.substring(consumed) + (eof ? " [closed]" : ""));
            }
            readSome();
        }
    }

    /** Reads for a bounded time and returns what came (to check that something did not come). */
    public String readFor(Duration d) throws IOException {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end && !eof) {
            readSome();
        }
        String rest = transcript.substring(consumed);
        consumed = transcript.length();
        return rest;
    }

    /** Waits for the server to close the connection; returns everything it sent since the last wait. */
    public String awaitClose() throws IOException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!eof) {
            if (System.nanoTime() > end) {
                throw new AssertionError("server did not close; got: " + transcript.substring(consumed));
            }
            readSome();
        }
        String rest = transcript.substring(consumed);
        consumed = transcript.length();
        return rest;
    }

    private void readSome() throws IOException {
        byte[] buf = new byte[8192];
        try {
            int n = in.read(buf);
            if (n < 0) {
                eof = true;
            } else {
                transcript.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        } catch (SocketTimeoutException e) {
            // nothing yet
        } catch (IOException e) {
            eof = true; // a reset counts as closed
        }
    }

    /** Negotiates STARTTLS on a plain connection whose stream is open and whose features were read. */
    public RawClient startTls(String domain) throws IOException {
        send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        await("<proceed");
        await("/>");
        SSLSocket s = (SSLSocket) server.sslContext().getSocketFactory().createSocket(socket, domain, socket.getPort(), true);
        configure(s, domain);
        s.setUseClientMode(true);
        s.setSoTimeout(10_000); // a handshake on a loaded machine takes longer than the 100 ms a read of a stanza is given
        s.startHandshake();
        use(s);
        return this;
    }

    /** From a new connection to an authenticated stream (STARTTLS when plain, then PLAIN); returns the features offered after SASL. */
    public String authenticate(String domain, String user, String password) throws IOException {
        openStream(domain);
        await("</stream:features>");
        if (!(socket instanceof SSLSocket)) {
            startTls(domain);
            openStream(domain);
            await("</stream:features>");
        }
        String creds = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + creds + "</auth>");
        await("<success");
        openStream(domain);
        return await("</stream:features>");
    }

    /** From a new connection to a bound resource: {@link #authenticate}, then bind. */
    public RawClient login(String domain, String user, String password, String resource) throws IOException {
        authenticate(domain, user, password);
        send("<iq type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>" + resource + "</resource></bind></iq>");
        await("</iq>");
        return this;
    }

    /** The subject of the certificate the server presented (TLS connections only). */
    public String peerCertificateSubject() throws IOException {
        java.security.cert.Certificate c = ((SSLSocket) socket).getSession().getPeerCertificates()[0];
        return ((java.security.cert.X509Certificate) c).getSubjectX500Principal().getName();
    }

    /** The TLS version negotiated (TLS connections only). */
    public String tlsProtocol() {
        return ((SSLSocket) socket).getSession().getProtocol();
    }

    public boolean isClosed() {
        return eof;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
