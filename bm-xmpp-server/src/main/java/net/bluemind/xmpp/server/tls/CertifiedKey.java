package net.bluemind.xmpp.server.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * A private key with its certificate chain (leaf first), as read from or written to PEM files.
 * Keys go through the JDK's own providers: nothing is registered globally, and Netty's OpenSSL
 * provider only needs the PKCS#8 encoding.
 */
record CertifiedKey(PrivateKey key, List<X509Certificate> chain) {

    CertifiedKey {
        chain = List.copyOf(chain);
    }

    X509Certificate leaf() {
        return chain.get(0);
    }

    /** One file holding the chain and the private key. */
    static CertifiedKey fromPem(Path file) {
        Contents contents = parse(file);
        if (contents.certificates.isEmpty()) {
            throw new TlsSetupException(file + ": no certificate found (expected the certificate chain and the private key in one PEM file)");
        }
        if (contents.key == null) {
            throw new TlsSetupException(file + ": no private key found (expected the certificate chain and the private key in one PEM file)");
        }
        return checked(new CertifiedKey(contents.key, contents.certificates), file);
    }

    /** A certificate chain file and a separate private key file. */
    static CertifiedKey fromPair(Path certificateFile, Path keyFile) {
        List<X509Certificate> certificates = parse(certificateFile).certificates;
        if (certificates.isEmpty()) {
            throw new TlsSetupException(certificateFile + ": no certificate found");
        }
        PrivateKey key = parse(keyFile).key;
        if (key == null) {
            throw new TlsSetupException(keyFile + ": no private key found");
        }
        return checked(new CertifiedKey(key, certificates), keyFile);
    }

    /**
     * Writes the key then the chain, readable by its owner only, and replaces {@code target} in one
     * step so that a crash or a concurrent reader never sees half a file.
     */
    void write(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", ownerOnly(dir.getFileSystem()));
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII);
                    JcaPEMWriter pem = new JcaPEMWriter(out)) {
                pem.writeObject(new JcaPKCS8Generator(key, null));
                for (X509Certificate cert : chain) {
                    pem.writeObject(cert);
                }
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException e) {
            throw new TlsSetupException(target + ": cannot write the generated certificate: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // Nothing more to do: the write already failed and is being reported.
                }
            }
        }
    }

    private static FileAttribute<?>[] ownerOnly(FileSystem fs) {
        if (!fs.supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")) };
    }

    private static CertifiedKey checked(CertifiedKey ck, Path file) {
        if (!keyMatches(ck.key, ck.leaf().getPublicKey())) {
            throw new TlsSetupException(file + ": the private key does not match the certificate " + ck.leaf().getSubjectX500Principal().getName()
                    + " (the first certificate in the chain must be the one issued for this key)");
        }
        return ck;
    }

    /** Proves the pairing by signing with the private key and verifying with the certificate's key. */
    static boolean keyMatches(PrivateKey key, PublicKey certificateKey) {
        String signatureAlgorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> null;
        };
        if (signatureAlgorithm == null) {
            // No way to test an exotic key here; the TLS stack itself will refuse a real mismatch.
            return key.getAlgorithm().equalsIgnoreCase(certificateKey.getAlgorithm());
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(signatureAlgorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(signatureAlgorithm);
            verifier.initVerify(certificateKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // Typically an RSA key against an EC certificate: the verifier rejects the key type.
            return false;
        }
    }

    private static final class Contents {
        final List<X509Certificate> certificates = new ArrayList<>();
        PrivateKey key;
    }

    private static Contents parse(Path file) {
        Contents contents = new Contents();
        JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
        JcaX509CertificateConverter certs = new JcaX509CertificateConverter();
        // ISO-8859-1 maps every byte, so stray non-ASCII text around the PEM blocks cannot abort reading.
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
                PEMParser parser = new PEMParser(reader)) {
            Object item;
            while ((item = parser.readObject()) != null) {
                if (item instanceof X509CertificateHolder holder) {
                    contents.certificates.add(certs.getCertificate(holder));
                } else if (item instanceof PEMKeyPair pair) {
                    // Only the private half is used: SEC1 EC keys may omit the public key.
                    setKey(contents, keys.getPrivateKey(pair.getPrivateKeyInfo()), file);
                } else if (item instanceof PrivateKeyInfo info) {
                    setKey(contents, keys.getPrivateKey(info), file);
                } else if (item instanceof PEMEncryptedKeyPair || item instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new TlsSetupException(file + ": the private key is encrypted; the server cannot ask for a passphrase,"
                            + " store it unencrypted (e.g. openssl pkey -in " + file.getFileName() + " -out plain.key) readable only by the server");
                }
                // Anything else (EC PARAMETERS, a public key...) is irrelevant to serving TLS.
            }
        } catch (PEMException e) {
            throw new TlsSetupException(file + ": unreadable private key: " + e.getMessage(), e);
        } catch (CertificateException e) {
            throw new TlsSetupException(file + ": unreadable certificate: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new TlsSetupException(file + ": cannot read PEM file: " + e.getMessage(), e);
        }
        return contents;
    }

    private static void setKey(Contents contents, PrivateKey key, Path file) {
        if (contents.key != null) {
            throw new TlsSetupException(file + ": more than one private key; keep only the key of the certificate");
        }
        contents.key = key;
    }
}
