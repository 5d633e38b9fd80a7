package net.bluemind.xmpp.server.tls;

import java.util.Set;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.handler.ssl.SslContext;
import io.netty.util.Mapping;
import net.bluemind.xmpp.spi.VHostRepository;
import net.bluemind.xmpp.spi.VHostRepository.VHost;

/**
 * Chooses the certificate for a direct TLS connection (XEP-0368) from the SNI name the client sent,
 * for use with Netty's {@code SniHandler}. The client has not said which domain it wants yet, so a
 * missing or unknown name gets the fallback domain's certificate rather than a closed connection.
 */
public final class DomainSniMapping implements Mapping<String, SslContext> {

    private static final Logger LOG = LoggerFactory.getLogger(DomainSniMapping.class);

    private final CertificateStore store;
    private final VHostRepository vhosts;
    private final Supplier<String> fallbackDomain;

    public DomainSniMapping(CertificateStore store, VHostRepository vhosts, Supplier<String> fallbackDomain) {
        this.store = store;
        this.vhosts = vhosts;
        this.fallbackDomain = fallbackDomain;
    }

    @Override
    public SslContext map(String hostname) {
        String domain = hostname == null ? null : vhosts.canonical(hostname);
        if (domain == null) {
            domain = fallback();
            LOG.debug("SNI name {} is not served; presenting the certificate of {}", hostname, domain);
        }
        return store.serverContext(domain, aliasesOf(domain));
    }

    private String fallback() {
        String configured = fallbackDomain.get();
        if (configured == null) {
            throw new TlsSetupException("no served domain");
        }
        String canonical = vhosts.canonical(configured);
        return canonical != null ? canonical : configured;
    }

    private Set<String> aliasesOf(String domain) {
        for (VHost vhost : vhosts.vhosts()) {
            if (vhost.domain().equalsIgnoreCase(domain)) {
                return vhost.aliases();
            }
        }
        return Set.of();
    }
}
