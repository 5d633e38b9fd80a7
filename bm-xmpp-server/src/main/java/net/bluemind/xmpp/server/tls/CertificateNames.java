package net.bluemind.xmpp.server.tls;

import java.net.IDN;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** Which host names a certificate is valid for, judged the way TLS clients judge it (RFC 6125). */
final class CertificateNames {

    private static final int DNS_NAME = 2;

    private CertificateNames() {
    }

    /** The subjectAltName dNSName entries, lower case. */
    static List<String> dnsNames(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans == null) {
                return names;
            }
            for (List<?> san : sans) {
                if (san.size() >= 2 && Integer.valueOf(DNS_NAME).equals(san.get(0)) && san.get(1) instanceof String s) {
                    names.add(s.toLowerCase(Locale.ROOT));
                }
            }
        } catch (CertificateParsingException e) {
            // A malformed extension names nothing; the caller then warns that the domain is not covered.
        }
        return names;
    }

    static boolean covers(X509Certificate cert, String hostname) {
        String host = ascii(hostname);
        return dnsNames(cert).stream().anyMatch(pattern -> matches(pattern, host));
    }

    /** The names among {@code hostnames} that none of the certificate's {@code dnsNames} covers. */
    static List<String> uncovered(List<String> sans, Collection<String> hostnames) {
        return hostnames.stream()
                .filter(h -> sans.stream().noneMatch(pattern -> matches(pattern, ascii(h))))
                .toList();
    }

    /**
     * A wildcard stands for exactly one whole left-most label, so {@code *.example.com} covers
     * {@code muc.example.com} but neither {@code example.com} nor {@code a.b.example.com}.
     */
    static boolean matches(String pattern, String host) {
        if (!pattern.startsWith("*.")) {
            return pattern.equals(host);
        }
        int firstDot = host.indexOf('.');
        return firstDot > 0 && host.substring(firstDot).equals(pattern.substring(1));
    }

    /** Certificates carry A-labels, while a domain may be configured with U-labels. */
    static String ascii(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        try {
            return IDN.toASCII(lower).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return lower;
        }
    }
}
