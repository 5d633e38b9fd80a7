package net.bluemind.xmpp.server.tls;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** Client side of the handshake tests: the JDK's TLS client, and a hand-made ClientHello. */
final class TlsTestClient {

    private static final int TIMEOUT_MILLIS = 5000;

    /** What the client saw of a completed handshake. */
    record Handshake(String protocol, X509Certificate peer) {
    }

    private TlsTestClient() {
    }

    /**
     * Handshakes with the JDK client trusting only {@code trusted}; with {@code checkName} the
     * certificate must also cover the SNI name, as an XMPP client would demand.
     */
    static Handshake handshake(int port, String sni, List<String> protocols, boolean checkName, X509Certificate... trusted) throws Exception {
        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        for (int i = 0; i < trusted.length; i++) {
            trustStore.setCertificateEntry("trusted-" + i, trusted[i]);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);

        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setProtocols(protocols.toArray(String[]::new));
            if (sni != null) {
                parameters.setServerNames(List.of(new SNIHostName(sni)));
            }
            if (checkName) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return new Handshake(socket.getSession().getProtocol(), (X509Certificate) socket.getSession().getPeerCertificates()[0]);
        }
    }

    /**
     * Sends a ClientHello offering at most {@code version} (0x0302 = TLS 1.1, 0x0303 = TLS 1.2) and
     * reports the server's first record: "handshake:2" is a ServerHello, "alert:70" a
     * protocol_version alert. Hand-made because the JDK client refuses to even offer TLS 1.1, which
     * would prove nothing about the server.
     */
    static String firstServerRecord(int port, String sni, int version) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(clientHello(sni, version));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] header = new byte[5];
            try {
                in.readFully(header);
                byte[] body = new byte[((header[3] & 0xff) << 8) | (header[4] & 0xff)];
                in.readFully(body);
                return switch (header[0]) {
                    case 21 -> "alert:" + (body[1] & 0xff);
                    case 22 -> "handshake:" + (body[0] & 0xff);
                    default -> "record:" + header[0];
                };
            } catch (EOFException e) {
                return "closed";
            }
        }
    }

    private static byte[] clientHello(String sni, int version) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        byte[] serverName = u16Prefixed(concat(new byte[] { 0 }, u16Prefixed(sni.getBytes(StandardCharsets.US_ASCII))));
        byte[] extensions = u16Prefixed(concat(
                extension(0x0000, serverName),
                extension(0x000a, u16Prefixed(concat(u16(0x0017), u16(0x001d)))), // secp256r1, x25519
                extension(0x000b, u8Prefixed(new byte[] { 0 })), // uncompressed points
                extension(0x000d, u16Prefixed(concat(u16(0x0403), u16(0x0804), u16(0x0401)))),
                extension(0xff01, u8Prefixed(new byte[0])))); // secure renegotiation
        byte[] cipherSuites = u16Prefixed(concat(
                u16(0xc02b), u16(0xc02f), // ECDHE-{ECDSA,RSA}-AES128-GCM-SHA256 (TLS 1.2)
                u16(0xc009), u16(0xc013), u16(0x002f))); // CBC-SHA suites that TLS 1.1 can use
        byte[] body = concat(u16(version), random, u8Prefixed(new byte[0]), cipherSuites, u8Prefixed(new byte[] { 0 }), extensions);
        byte[] handshake = concat(new byte[] { 1 }, u24Prefixed(body));
        return concat(new byte[] { 22 }, u16(0x0301), u16Prefixed(handshake));
    }

    private static byte[] extension(int type, byte[] data) {
        return concat(u16(type), u16Prefixed(data));
    }

    private static byte[] u16(int value) {
        return new byte[] { (byte) (value >> 8), (byte) value };
    }

    private static byte[] u8Prefixed(byte[] data) {
        return concat(new byte[] { (byte) data.length }, data);
    }

    private static byte[] u16Prefixed(byte[] data) {
        return concat(u16(data.length), data);
    }

    private static byte[] u24Prefixed(byte[] data) {
        return concat(new byte[] { (byte) (data.length >> 16) }, u16(data.length), data);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
