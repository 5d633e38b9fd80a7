package net.bluemind.xmpp.server.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges a federation peer's certificate (RFC 6120 §13.7.2, RFC 6125): a chain to a trusted
 * authority (the JDK's trust store plus an optional CA file) whose leaf names the peer's domain.
 * The TLS handshake itself accepts any certificate; this decides whether SASL EXTERNAL may be used.
 */
public final class PeerCertificateVerifier {

    private static final Logger log = LoggerFactory.getLogger(PeerCertificateVerifier.class);

    private final Set<TrustAnchor> anchors;

    public PeerCertificateVerifier(Path caFile) {
        Set<TrustAnchor> a = new HashSet<>();
        for (X509Certificate c : systemAuthorities()) {
            a.add(new TrustAnchor(c, null));
        }
        if (caFile != null) {
            for (X509Certificate c : readPem(caFile)) {
                a.add(new TrustAnchor(c, null));
            }
        }
        this.anchors = Set.copyOf(a);
    }

    /** Whether the chain is trusted and its leaf is valid for {@code domain}. */
    public boolean validFor(X509Certificate[] chain, String domain) {
        if (chain == null || chain.length == 0 || domain == null || anchors.isEmpty()) {
            return false;
        }
        if (!CertificateNames.covers(chain[0], domain)) {
            log.debug("the certificate {} does not name {}", chain[0].getSubjectX500Principal().getName(), domain);
            return false;
        }
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            // The anchor may be sent along: the path validator wants the chain without it.
            List<X509Certificate> path = new ArrayList<>(Arrays.asList(chain));
            path.removeIf(c -> anchors.stream().anyMatch(t -> t.getTrustedCert().equals(c)) && path.size() > 1);
            CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(path), params);
            return true;
        } catch (GeneralSecurityException e) {
            log.debug("the certificate of {} is not trusted: {}", domain, e.getMessage());
            return false;
        }
    }

    private static List<X509Certificate> systemAuthorities() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            List<X509Certificate> out = new ArrayList<>();
            for (var tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    out.addAll(Arrays.asList(x.getAcceptedIssuers()));
                }
            }
            return out;
        } catch (GeneralSecurityException e) {
            log.warn("the JDK's trust store cannot be read: {}", e.getMessage());
            return List.of();
        }
    }

    private static List<X509Certificate> readPem(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            return out;
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsSetupException(file + ": cannot read the federation CA certificates: " + e.getMessage(), e);
        }
    }
}
