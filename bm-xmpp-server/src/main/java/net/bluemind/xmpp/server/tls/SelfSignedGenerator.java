package net.bluemind.xmpp.server.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes the self-signed certificate a domain gets when the administrator installed none, so that
 * TLS works out of the box (clients must then be told to trust it, or pin it).
 */
final class SelfSignedGenerator {

    private static final int VALIDITY_YEARS = 10;

    private final SecureRandom random;
    private final Clock clock;

    SelfSignedGenerator(SecureRandom random, Clock clock) {
        this.random = random;
        this.clock = clock;
    }

    /** The subjectAltNames: the domain, each alias, and a wildcard for the domain's components (muc, upload...). */
    static List<String> subjectAltNames(String domain, Collection<String> aliases) {
        Set<String> names = new LinkedHashSet<>();
        String ascii = CertificateNames.ascii(domain);
        names.add(ascii);
        aliases.stream().map(CertificateNames::ascii).sorted().forEach(names::add);
        names.add("*." + ascii);
        return List.copyOf(names);
    }

    CertifiedKey generate(String domain, Collection<String> aliases) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair pair = generator.generateKeyPair();

            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, CertificateNames.ascii(domain)).build();
            ZonedDateTime now = ZonedDateTime.now(clock.withZone(ZoneOffset.UTC));
            // Backdated a day so that clients whose clock lags still accept a freshly made certificate.
            Date notBefore = Date.from(now.minusDays(1).toInstant());
            Date notAfter = Date.from(now.plusYears(VALIDITY_YEARS).toInstant());
            // Positive and at most 20 octets, as RFC 5280 requires.
            BigInteger serial = new BigInteger(159, random).setBit(0);

            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial, notBefore, notAfter, subject, pair.getPublic());
            GeneralName[] sans = subjectAltNames(domain, aliases).stream()
                    .map(name -> new GeneralName(GeneralName.dNSName, name))
                    .toArray(GeneralName[]::new);
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            // clientAuth too: the same certificate authenticates this server to others in s2s.
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(new KeyPurposeId[] { KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth }));
            builder.addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()));

            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return new CertifiedKey(pair.getPrivate(), List.of(cert));
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new TlsSetupException("cannot generate a self-signed certificate for " + domain + ": " + e.getMessage(), e);
        }
    }
}
