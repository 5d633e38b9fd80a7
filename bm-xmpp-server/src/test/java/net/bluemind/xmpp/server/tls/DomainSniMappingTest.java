package net.bluemind.xmpp.server.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.bluemind.xmpp.server.config.TlsConfig;

class DomainSniMappingTest {

    @TempDir
    Path tmp;

    private CertificateStore store;
    private TestVHosts vhosts;

    @BeforeEach
    void setUp() {
        store = new CertificateStore(new TlsConfig(tmp.resolve("etc"), null, "jdk"), tmp.resolve("certs"));
        vhosts = new TestVHosts().serve("a.test", "alias-of-a.test").serve("b.test");
    }

    @Test
    void mapsServedNamesInAnyCaseToTheirDomainContext() {
        DomainSniMapping mapping = new DomainSniMapping(store, vhosts, () -> "a.test");

        assertSame(store.serverContext("b.test", Set.of()), mapping.map("B.Test"));
        assertSame(store.serverContext("a.test", Set.of("alias-of-a.test")), mapping.map("ALIAS-of-a.test"));
    }

    @Test
    void generatesCertificatesThatCoverTheDomainsAliases() {
        new DomainSniMapping(store, vhosts, () -> "b.test").map("a.test");

        assertTrue(CertificateNames.covers(store.certificate("a.test"), "alias-of-a.test"));
    }

    @Test
    void mapsMissingOrUnknownNamesToTheFallbackDomain() {
        DomainSniMapping mapping = new DomainSniMapping(store, vhosts, () -> "b.test");

        assertSame(store.serverContext("b.test", Set.of()), mapping.map(null));
        assertSame(store.serverContext("b.test", Set.of()), mapping.map("unknown.test"));
    }

    @Test
    void failsWhenNothingIsServed() {
        DomainSniMapping mapping = new DomainSniMapping(store, new TestVHosts(), () -> null);

        TlsSetupException e = assertThrows(TlsSetupException.class, () -> mapping.map("a.test"));
        assertEquals("no served domain", e.getMessage());
    }
}
