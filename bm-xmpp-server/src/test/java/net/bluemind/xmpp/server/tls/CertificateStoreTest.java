package net.bluemind.xmpp.server.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.handler.ssl.SslContext;
import net.bluemind.xmpp.server.config.TlsConfig;

class CertificateStoreTest {

    @TempDir
    Path tmp;

    private Path adminDir;
    private Path generatedDir;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void setUp() throws Exception {
        adminDir = Files.createDirectories(tmp.resolve("etc"));
        generatedDir = tmp.resolve("state").resolve("certs");
        logs.start();
        ((Logger) LoggerFactory.getLogger(CertificateStore.class)).addAppender(logs);
    }

    @AfterEach
    void tearDown() {
        ((Logger) LoggerFactory.getLogger(CertificateStore.class)).detachAppender(logs);
    }

    private CertificateStore store() {
        return new CertificateStore(new TlsConfig(adminDir, null, "jdk"), generatedDir);
    }

    private List<String> messages(Level level) {
        return logs.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void generatesSelfSignedCertificateCoveringDomainAndAliases() throws Exception {
        CertificateStore store = store();
        store.serverContext("example.test", Set.of("chat.example.test", "Other.Test"));
        X509Certificate cert = store.certificate("example.test");

        assertEquals("CN=example.test", cert.getSubjectX500Principal().getName());
        assertEquals(Set.of("example.test", "chat.example.test", "other.test", "*.example.test"), Set.copyOf(CertificateNames.dnsNames(cert)));
        assertEquals("SHA256withECDSA", cert.getSigAlgName());
        assertEquals(256, ((ECPublicKey) cert.getPublicKey()).getParams().getCurve().getField().getFieldSize());
        assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal());
        assertTrue(cert.getSerialNumber().signum() > 0);
        cert.verify(cert.getPublicKey());

        Instant now = Instant.now();
        Duration backdated = Duration.between(cert.getNotBefore().toInstant(), now);
        assertTrue(backdated.compareTo(Duration.ofHours(23)) > 0 && backdated.compareTo(Duration.ofHours(25)) < 0, backdated::toString);
        ZonedDateTime tenYears = ZonedDateTime.now(ZoneOffset.UTC).plusYears(10);
        assertTrue(Duration.between(cert.getNotAfter().toInstant(), tenYears.toInstant()).abs().compareTo(Duration.ofMinutes(5)) < 0);

        assertTrue(messages(Level.INFO).stream().anyMatch(m -> m.contains("example.test") && m.contains(generatedDir.resolve("example.test.pem").toString())));
    }

    @Test
    void storesGeneratedKeyAndCertificateReadableByOwnerOnly() throws Exception {
        store().serverContext("example.test", Set.of());

        Path file = generatedDir.resolve("example.test.pem");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(generatedDir)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String pem = Files.readString(file);
        assertTrue(pem.indexOf("-----BEGIN PRIVATE KEY-----") < pem.indexOf("-----BEGIN CERTIFICATE-----"));
        try (var listing = Files.list(generatedDir)) {
            assertEquals(List.of(file), listing.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void keepsGeneratedCertificateAcrossRestarts() throws Exception {
        X509Certificate first = store().certificate("example.test");
        X509Certificate afterRestart = store().certificate("example.test");

        assertEquals(first, afterRestart);
        assertTrue(messages(Level.INFO).stream().anyMatch(m -> m.startsWith("Loaded the generated TLS certificate for example.test")));
    }

    @Test
    void cachesContextPerDomain() {
        CertificateStore store = store();
        SslContext first = store.serverContext("example.test", Set.of("alias.test"));

        assertSame(first, store.serverContext("example.test", Set.of("alias.test")));
        assertSame(first, store.serverContext("EXAMPLE.test", Set.of()));
        assertNotEquals(first, store.serverContext("other.test", Set.of()));
    }

    @Test
    void regeneratesGeneratedCertificateWhenAliasesAreNoLongerCovered() throws Exception {
        CertificateStore store = store();
        store.serverContext("example.test", Set.of("old.test"));
        X509Certificate before = store.certificate("example.test");

        store.forget("example.test");
        store.serverContext("example.test", Set.of("old.test", "conference.example.test"));
        assertEquals(before, store.certificate("example.test"), "conference.example.test is covered by *.example.test");

        store.forget("example.test");
        store.serverContext("example.test", Set.of("new.test"));
        X509Certificate after = store.certificate("example.test");
        assertNotEquals(before, after);
        assertTrue(CertificateNames.dnsNames(after).contains("new.test"));
        assertEquals(after, store().certificate("example.test"), "the regenerated certificate is the one kept on disk");
    }

    @Test
    void renewsGeneratedCertificateCloseToExpiry() throws Exception {
        X509Certificate original = store().certificate("example.test");
        Clock nineYearsAndElevenMonthsLater = Clock.fixed(ZonedDateTime.now(ZoneOffset.UTC).plusYears(10).minusDays(10).toInstant(), ZoneOffset.UTC);

        CertificateStore later = new CertificateStore(new TlsConfig(adminDir, null, "jdk"), generatedDir, new SecureRandom(), nineYearsAndElevenMonthsLater);

        assertNotEquals(original, later.certificate("example.test"));
    }

    @Test
    void prefersAdminProvidedPem() throws Exception {
        KeyPair keys = TestCertificates.rsaKeyPair();
        X509Certificate adminCert = TestCertificates.currentlyValid(keys, "example.test", "example.test");
        Path pem = TestCertificates.writePem(adminDir.resolve("example.test.pem"), adminCert, keys.getPrivate());
        assertTrue(Files.readString(pem).contains("-----BEGIN RSA PRIVATE KEY-----"), "the key is in PKCS#1 form");

        CertificateStore store = store();
        store.serverContext("example.test", Set.of("alias.test"));

        assertEquals(adminCert, store.certificate("example.test"));
        assertFalse(Files.exists(generatedDir.resolve("example.test.pem")));
        assertTrue(messages(Level.INFO).stream().anyMatch(m -> m.contains("example.test") && m.contains(pem.toString())));
        assertTrue(messages(Level.WARN).isEmpty(), () -> messages(Level.WARN).toString());
    }

    @Test
    void prefersAdminProvidedCrtAndKeyPair() throws Exception {
        KeyPair keys = TestCertificates.ecKeyPair();
        X509Certificate adminCert = TestCertificates.currentlyValid(keys, "example.test", "*.example.test", "example.test");
        store().certificate("example.test"); // a generated one exists already: the admin's still wins
        TestCertificates.writePem(adminDir.resolve("example.test.crt"), adminCert);
        Path key = TestCertificates.writeSec1(adminDir.resolve("example.test.key"), keys);
        assertTrue(Files.readString(key).contains("-----BEGIN EC PRIVATE KEY-----"), "the key is in SEC1 form");

        assertEquals(adminCert, store().certificate("example.test"));
    }

    @Test
    void acceptsPkcs8AdminKey() throws Exception {
        KeyPair keys = TestCertificates.rsaKeyPair();
        X509Certificate adminCert = TestCertificates.currentlyValid(keys, "example.test", "example.test");
        TestCertificates.writePem(adminDir.resolve("example.test.crt"), adminCert);
        TestCertificates.writePkcs8(adminDir.resolve("example.test.key"), keys.getPrivate());

        assertEquals(adminCert, store().certificate("example.test"));
    }

    @Test
    void keepsAdminCertificateWhateverTheAliases() throws Exception {
        KeyPair keys = TestCertificates.ecKeyPair();
        X509Certificate adminCert = TestCertificates.currentlyValid(keys, "example.test", "example.test");
        TestCertificates.writePem(adminDir.resolve("example.test.pem"), TestCertificates.pkcs8(keys.getPrivate()), adminCert);
        CertificateStore store = store();

        SslContext context = store.serverContext("example.test", Set.of());
        assertSame(context, store.serverContext("example.test", Set.of("not-in-the-cert.test")));
        store.forget("example.test");
        store.serverContext("example.test", Set.of("not-in-the-cert.test"));

        assertEquals(adminCert, store.certificate("example.test"));
        assertFalse(Files.exists(generatedDir.resolve("example.test.pem")));
    }

    @Test
    void refusesKeyThatDoesNotMatchCertificate() throws Exception {
        X509Certificate adminCert = TestCertificates.currentlyValid(TestCertificates.rsaKeyPair(), "example.test", "example.test");
        Path pem = TestCertificates.writePem(adminDir.resolve("example.test.pem"), adminCert, TestCertificates.rsaKeyPair().getPrivate());

        TlsSetupException e = assertThrows(TlsSetupException.class, () -> store().serverContext("example.test", Set.of()));
        assertTrue(e.getMessage().contains(pem.toString()) && e.getMessage().contains("does not match"), e.getMessage());
    }

    @Test
    void refusesKeyOfAnotherTypeThanCertificate() throws Exception {
        X509Certificate adminCert = TestCertificates.currentlyValid(TestCertificates.rsaKeyPair(), "example.test", "example.test");
        TestCertificates.writePem(adminDir.resolve("example.test.crt"), adminCert);
        Path key = TestCertificates.writeSec1(adminDir.resolve("example.test.key"), TestCertificates.ecKeyPair());

        TlsSetupException e = assertThrows(TlsSetupException.class, () -> store().certificate("example.test"));
        assertTrue(e.getMessage().contains(key.toString()) && e.getMessage().contains("does not match"), e.getMessage());
    }

    @Test
    void refusesEncryptedKeysNamingTheFile() throws Exception {
        KeyPair keys = TestCertificates.rsaKeyPair();
        X509Certificate adminCert = TestCertificates.currentlyValid(keys, "a.test", "a.test");
        TestCertificates.writePem(adminDir.resolve("a.test.crt"), adminCert);
        Path traditional = TestCertificates.writeTraditionalEncrypted(adminDir.resolve("a.test.key"), keys.getPrivate());
        TestCertificates.writePem(adminDir.resolve("b.test.crt"), adminCert);
        Path pkcs8 = TestCertificates.writePkcs8Encrypted(adminDir.resolve("b.test.key"), keys.getPrivate());
        CertificateStore store = store();

        for (var domainAndFile : List.of(List.of("a.test", traditional), List.of("b.test", pkcs8))) {
            TlsSetupException e = assertThrows(TlsSetupException.class, () -> store.serverContext((String) domainAndFile.get(0), Set.of()));
            assertTrue(e.getMessage().contains(domainAndFile.get(1).toString()) && e.getMessage().contains("encrypted"), e.getMessage());
        }
    }

    @Test
    void refusesCertificateWithoutItsKey() throws Exception {
        X509Certificate adminCert = TestCertificates.currentlyValid(TestCertificates.rsaKeyPair(), "example.test", "example.test");
        Path pem = TestCertificates.writePem(adminDir.resolve("example.test.pem"), adminCert);
        Path crt = TestCertificates.writePem(adminDir.resolve("other.test.crt"), adminCert);
        CertificateStore store = store();

        TlsSetupException noKey = assertThrows(TlsSetupException.class, () -> store.certificate("example.test"));
        assertTrue(noKey.getMessage().contains(pem.toString()) && noKey.getMessage().contains("no private key"), noKey.getMessage());
        TlsSetupException noKeyFile = assertThrows(TlsSetupException.class, () -> store.certificate("other.test"));
        assertTrue(noKeyFile.getMessage().contains(crt.toString()) && noKeyFile.getMessage().contains("other.test.key"), noKeyFile.getMessage());
    }

    @Test
    void usesExpiredAdminCertificateButWarns() throws Exception {
        KeyPair keys = TestCertificates.ecKeyPair();
        Instant now = Instant.now();
        X509Certificate expired = TestCertificates.selfSigned(keys, "example.test", now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(35)),
                "example.test");
        Path pem = TestCertificates.writePem(adminDir.resolve("example.test.pem"), TestCertificates.pkcs8(keys.getPrivate()), expired);

        assertEquals(expired, store().certificate("example.test"));
        assertTrue(messages(Level.WARN).stream().anyMatch(m -> m.contains(pem.toString()) && m.contains("example.test") && m.contains("expired")),
                () -> messages(Level.WARN).toString());
    }

    @Test
    void usesAdminCertificateForAnotherNameButWarns() throws Exception {
        KeyPair keys = TestCertificates.ecKeyPair();
        X509Certificate wrongName = TestCertificates.currentlyValid(keys, "example.test", "elsewhere.test", "*.example.test");
        Path pem = TestCertificates.writePem(adminDir.resolve("example.test.pem"), TestCertificates.pkcs8(keys.getPrivate()), wrongName);

        assertEquals(wrongName, store().certificate("example.test"));
        assertTrue(messages(Level.WARN).stream().anyMatch(m -> m.contains(pem.toString()) && m.contains("does not cover the domain example.test")),
                () -> messages(Level.WARN).toString());
    }

    @Test
    void neverLogsKeyMaterial() throws Exception {
        KeyPair keys = TestCertificates.rsaKeyPair();
        TestCertificates.writePem(adminDir.resolve("a.test.pem"), TestCertificates.currentlyValid(keys, "a.test", "a.test"), keys.getPrivate());
        CertificateStore store = store();
        store.certificate("a.test");
        store.certificate("b.test");

        String all = logs.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.joining("\n"));
        assertFalse(all.contains("PRIVATE KEY") || all.contains("MII"), all);
        assertEquals(2, messages(Level.INFO).size(), all);
    }

    @Test
    void refusesProtocolsOlderThanTls12() {
        TlsSetupException e = assertThrows(TlsSetupException.class,
                () -> new CertificateStore(new TlsConfig(adminDir, List.of("TLSv1.3", "TLSv1.1"), "jdk"), generatedDir));
        assertTrue(e.getMessage().contains("TLSv1.1"), e.getMessage());
    }

    @Test
    void refusesUnknownProvider() {
        TlsSetupException e = assertThrows(TlsSetupException.class, () -> new CertificateStore(new TlsConfig(adminDir, null, "gnutls"), generatedDir));
        assertTrue(e.getMessage().contains("gnutls"), e.getMessage());
    }

    @Test
    void namesTheProviderInUse() {
        assertEquals("JDK", new CertificateStore(new TlsConfig(adminDir, null, "jdk"), generatedDir).providerName());
        String auto = new CertificateStore(new TlsConfig(adminDir, null, "auto"), generatedDir).providerName();
        assertEquals(io.netty.handler.ssl.OpenSsl.isAvailable() ? "OpenSSL (BoringSSL)" : "JDK", auto);
    }

    @Test
    void refusesDomainsThatWouldEscapeTheCertificateDirectory() {
        CertificateStore store = store();
        assertThrows(TlsSetupException.class, () -> store.serverContext("../evil", Set.of()));
        assertThrows(TlsSetupException.class, () -> store.serverContext("a/b", Set.of()));
    }
}
