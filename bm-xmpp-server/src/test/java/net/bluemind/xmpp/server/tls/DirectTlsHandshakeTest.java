package net.bluemind.xmpp.server.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.netty.handler.ssl.OpenSsl;
import net.bluemind.xmpp.server.config.TlsConfig;

/** Direct TLS (XEP-0368) over real loopback sockets, with each TLS provider on the server side. */
class DirectTlsHandshakeTest {

    private static final int TLS_1_1 = 0x0302;
    private static final int TLS_1_2 = 0x0303;
    private static final int SERVER_HELLO = 2;
    private static final int PROTOCOL_VERSION_ALERT = 70;

    @TempDir
    Path tmp;

    private CertificateStore store(String provider) {
        if (provider.equals("openssl")) {
            assumeTrue(OpenSsl.isAvailable(), () -> "OpenSSL unavailable: " + OpenSsl.unavailabilityCause());
        }
        CertificateStore store = new CertificateStore(new TlsConfig(tmp.resolve("etc"), null, provider), tmp.resolve("certs"));
        assertEquals(provider.equals("openssl") ? "OpenSSL (BoringSSL)" : "JDK", store.providerName());
        return store;
    }

    @ParameterizedTest
    @ValueSource(strings = { "jdk", "openssl" })
    void servesTls13AndTls12ButRefusesTls11(String provider) throws Exception {
        CertificateStore store = store(provider);
        TestVHosts vhosts = new TestVHosts().serve("a.test");
        try (TlsTestServer server = new TlsTestServer(new DomainSniMapping(store, vhosts, () -> "a.test"))) {
            X509Certificate trusted = store.certificate("a.test");

            assertEquals("TLSv1.3", TlsTestClient.handshake(server.port(), "a.test", List.of("TLSv1.3", "TLSv1.2"), true, trusted).protocol());
            assertEquals("TLSv1.2", TlsTestClient.handshake(server.port(), "a.test", List.of("TLSv1.2"), true, trusted).protocol());
            assertThrows(SSLHandshakeException.class, () -> TlsTestClient.handshake(server.port(), "a.test", List.of("TLSv1.1"), false, trusted));

            // The server itself must refuse, not only the JDK client that will not offer TLS 1.1.
            assertEquals("handshake:" + SERVER_HELLO, TlsTestClient.firstServerRecord(server.port(), "a.test", TLS_1_2));
            assertEquals("alert:" + PROTOCOL_VERSION_ALERT, TlsTestClient.firstServerRecord(server.port(), "a.test", TLS_1_1));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "jdk", "openssl" })
    void selectsCertificateBySni(String provider) throws Exception {
        CertificateStore store = store(provider);
        TestVHosts vhosts = new TestVHosts().serve("a.test", "alias-of-a.test").serve("b.test");
        DomainSniMapping mapping = new DomainSniMapping(store, vhosts, () -> "a.test");
        // Through the mapping, so a.test's certificate is made for its alias too and is the one served.
        mapping.map("a.test");
        mapping.map("b.test");
        try (TlsTestServer server = new TlsTestServer(mapping)) {
            X509Certificate a = store.certificate("a.test");
            X509Certificate b = store.certificate("b.test");
            List<String> tls13 = List.of("TLSv1.3");

            X509Certificate forB = TlsTestClient.handshake(server.port(), "b.test", tls13, true, a, b).peer();
            assertEquals("CN=b.test", forB.getSubjectX500Principal().getName());
            assertEquals(b, forB);
            assertEquals(a, TlsTestClient.handshake(server.port(), "ALIAS-OF-A.test", tls13, true, a, b).peer(), "an alias gets its domain's certificate");
            assertEquals(a, TlsTestClient.handshake(server.port(), "a.test", tls13, true, a, b).peer());
            assertEquals(a, TlsTestClient.handshake(server.port(), "unknown.test", tls13, false, a, b).peer(), "an unknown name gets the fallback's");
            assertEquals(a, TlsTestClient.handshake(server.port(), null, tls13, false, a, b).peer(), "no SNI gets the fallback's");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "jdk", "openssl" })
    void servesAdminProvidedRsaCertificate(String provider) throws Exception {
        Path adminDir = Files.createDirectories(tmp.resolve("etc"));
        KeyPair keys = TestCertificates.rsaKeyPair();
        X509Certificate adminCert = TestCertificates.currentlyValid(keys, "a.test", "a.test", "*.a.test");
        TestCertificates.writePem(adminDir.resolve("a.test.pem"), adminCert, keys.getPrivate());
        CertificateStore store = store(provider);
        try (TlsTestServer server = new TlsTestServer(new DomainSniMapping(store, new TestVHosts().serve("a.test"), () -> "a.test"))) {
            for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
                TlsTestClient.Handshake handshake = TlsTestClient.handshake(server.port(), "muc.a.test", List.of(protocol), true, adminCert);
                assertEquals(protocol, handshake.protocol());
                assertEquals(adminCert, handshake.peer());
            }
        }
    }
}
