package net.bluemind.xmpp.conformance;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;

import net.bluemind.xmpp.server.Server;
import net.bluemind.xmpp.spi.VHostRepository;

/**
 * A PKCS12 truststore holding the certificate of every domain the server serves, so the framework's
 * JVM verifies TLS against exactly this server ({@code -Djavax.net.ssl.trustStore}).
 */
record TrustStore(Path file, String password) {

    static final String TYPE = "PKCS12";

    static TrustStore write(Server server, Path file) throws Exception {
        String password = "conformance";
        KeyStore store = KeyStore.getInstance(TYPE);
        store.load(null, null);
        for (VHostRepository.VHost vhost : server.vhosts().vhosts()) {
            store.setCertificateEntry(vhost.domain(), server.certificates().certificate(vhost.domain()));
        }
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return new TrustStore(file, password);
    }
}
