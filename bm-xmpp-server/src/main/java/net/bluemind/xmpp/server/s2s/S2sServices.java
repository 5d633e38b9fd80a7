package net.bluemind.xmpp.server.s2s;

import java.util.Set;

import io.netty.handler.ssl.SslContext;
import net.bluemind.xmpp.server.config.LimitsConfig;
import net.bluemind.xmpp.server.config.S2sConfig;
import net.bluemind.xmpp.server.tls.CertificateStore;
import net.bluemind.xmpp.server.tls.PeerCertificateVerifier;
import net.bluemind.xmpp.spi.VHostRepository;

/** What both directions of federation need; built once by the {@link S2sManager}. */
record S2sServices(S2sConfig config, VHostRepository vhosts, CertificateStore certificates, PeerCertificateVerifier verifier,
                   DialbackKeys keys, FederationPolicy policy, LimitsConfig limits) {

    /** Our side of a stream another server opened to {@code localDomain} (a served, canonical name). */
    SslContext serverContext(String localDomain) {
        return certificates.s2sServerContext(localDomain, aliases(localDomain));
    }

    /** Our side of a stream {@code localDomain} opens to another server. */
    SslContext clientContext(String localDomain) {
        return certificates.s2sClientContext(localDomain, aliases(localDomain));
    }

    private Set<String> aliases(String domain) {
        for (VHostRepository.VHost v : vhosts.vhosts()) {
            if (v.domain().equals(domain)) {
                return v.aliases();
            }
        }
        return Set.of();
    }
}
