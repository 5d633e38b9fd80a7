package net.bluemind.xmpp.server.tls;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;

import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** Certificates as an administrator would install them, made with BouncyCastle. */
final class TestCertificates {

    private TestCertificates() {
    }

    static KeyPair rsaKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    static KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    static X509Certificate currentlyValid(KeyPair keys, String cn, String... dnsNames) throws Exception {
        Instant now = Instant.now();
        return selfSigned(keys, cn, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)), dnsNames);
    }

    static X509Certificate selfSigned(KeyPair keys, String cn, Instant notBefore, Instant notAfter, String... dnsNames) throws Exception {
        X500Name subject = new X500Name("CN=" + cn);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(System.nanoTime()),
                Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic());
        if (dnsNames.length > 0) {
            GeneralName[] names = Arrays.stream(dnsNames).map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new);
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        String algorithm = keys.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(keys.getPrivate())));
    }

    /** Writes each object in its traditional PEM form: an RSA private key becomes PKCS#1. */
    static Path writePem(Path file, Object... objects) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            for (Object object : objects) {
                pem.writeObject(object);
            }
        }
        return file;
    }

    /**
     * Writes an EC key in SEC1 form as {@code openssl ecparam -genkey} does, naming its curve.
     * (BouncyCastle's writer would drop the curve of a JDK key, which nothing can read back.)
     */
    static Path writeSec1(Path file, KeyPair keys) throws IOException {
        PrivateKeyInfo pkcs8 = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
        ECPrivateKey withoutCurve = ECPrivateKey.getInstance(pkcs8.parsePrivateKey());
        ASN1BitString publicKey = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData();
        ECPrivateKey sec1 = new ECPrivateKey(256, withoutCurve.getKey(), publicKey, pkcs8.getPrivateKeyAlgorithm().getParameters());
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII); PemWriter pem = new PemWriter(out)) {
            pem.writeObject(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
        }
        return file;
    }

    /** A key for {@link #writePem} in PKCS#8 ("PRIVATE KEY") form. */
    static JcaPKCS8Generator pkcs8(PrivateKey key) throws IOException {
        return new JcaPKCS8Generator(key, null);
    }

    static Path writePkcs8(Path file, PrivateKey key) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(new JcaPKCS8Generator(key, null));
        }
        return file;
    }

    /** An OpenSSL "traditional" encrypted key (Proc-Type: 4,ENCRYPTED). */
    static Path writeTraditionalEncrypted(Path file, PrivateKey key) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(key, new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(new BouncyCastleProvider()).build("secret".toCharArray()));
        }
        return file;
    }

    /** A PKCS#8 "ENCRYPTED PRIVATE KEY". */
    static Path writePkcs8Encrypted(Path file, PrivateKey key) throws Exception {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(new JcaPKCS8Generator(key,
                    new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC).setProvider(new BouncyCastleProvider()).setPassword("secret".toCharArray()).build()));
        }
        return file;
    }
}
