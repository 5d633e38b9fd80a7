package net.bluemind.xmpp.server.s2s;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The authoritative server of a test domain, just enough of it to answer dialback verifications
 * (XEP-0220 §2.1.2) with a fixed verdict: no TLS, no stanzas. Also serves as a peer that accepts
 * connections and never speaks ({@code silent}).
 */
final class FakeAuthoritativeServer implements AutoCloseable {

    private static final Pattern VERIFY = Pattern.compile("<db:verify([^>]*)>[^<]*</db:verify>");

    private final ServerSocket socket;
    private final String verdict;
    private final boolean silent;
    private final Thread thread;

    private FakeAuthoritativeServer(String verdict, boolean silent) throws IOException {
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.verdict = verdict;
        this.silent = silent;
        this.thread = new Thread(this::serve, "fake-authoritative");
        thread.setDaemon(true);
        thread.start();
    }

    /** Answers every db:verify with {@code valid} or {@code invalid}. */
    static FakeAuthoritativeServer answering(String verdict) throws IOException {
        return new FakeAuthoritativeServer(verdict, false);
    }

    /** Accepts connections and never sends a byte. */
    static FakeAuthoritativeServer silent() throws IOException {
        return new FakeAuthoritativeServer(null, true);
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                Thread t = new Thread(() -> converse(s), "fake-authoritative-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void converse(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            StringBuilder got = new StringBuilder();
            byte[] buf = new byte[4096];
            boolean headerSent = false;
            int n;
            while ((n = in.read(buf)) > 0) {
                if (silent) {
                    continue;
                }
                got.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                if (!headerSent && got.indexOf(">", got.indexOf("<stream:stream")) > 0) {
                    headerSent = true;
                    out.write(("<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams'"
                            + " xmlns:db='jabber:server:dialback' version='1.0' id='fake1'><stream:features/>").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                Matcher m = VERIFY.matcher(got);
                if (m.find()) {
                    String attrs = m.group(1);
                    out.write(("<db:verify from='" + attr(attrs, "to") + "' to='" + attr(attrs, "from") + "' id='" + attr(attrs, "id")
                            + "' type='" + verdict + "'/>").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    got.setLength(0);
                }
            }
        } catch (IOException e) {
            // the peer went away
        }
    }

    private static String attr(String attrs, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=['\"]([^'\"]*)['\"]").matcher(attrs);
        return m.find() ? m.group(1) : "";
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
