package net.bluemind.xmpp.server.config;

import java.nio.file.Path;
import java.util.List;

/**
 * @param certificatesDir admin-provided certificates: {@code <domain>.pem} holding the chain and the
 *                        private key, or {@code <domain>.crt} + {@code <domain>.key}; preferred over
 *                        generated ones. Default {@code /etc/bm-xmpp/certs}.
 * @param protocols       TLS versions offered; only TLSv1.2 and TLSv1.3 are accepted
 * @param provider        {@code auto} (OpenSSL/BoringSSL when it loads, else the JDK), {@code openssl}, {@code jdk}
 */
public record TlsConfig(Path certificatesDir, List<String> protocols, String provider) {

    public TlsConfig {
        certificatesDir = certificatesDir == null ? Path.of("/etc/bm-xmpp/certs") : certificatesDir;
        protocols = protocols == null ? List.of("TLSv1.3", "TLSv1.2") : List.copyOf(protocols);
        provider = provider == null ? "auto" : provider;
    }
}
