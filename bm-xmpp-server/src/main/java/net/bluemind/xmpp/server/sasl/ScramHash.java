package net.bluemind.xmpp.server.sasl;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The hash-dependent primitives of SCRAM (RFC 5802 §2.2): H, HMAC and Hi, for one hash function.
 *
 * <p>Only JDK providers are used; every algorithm named here is mandatory in every Java SE platform, so a
 * {@link GeneralSecurityException} means a broken runtime and is rethrown unchecked.
 */
enum ScramHash {
    SHA_1("SHA-1", "SCRAM-SHA-1", "HmacSHA1", "PBKDF2WithHmacSHA1", 20),
    SHA_256("SHA-256", "SCRAM-SHA-256", "HmacSHA256", "PBKDF2WithHmacSHA256", 32);

    private final String hashName;
    private final String mechanismName;
    private final String macAlgorithm;
    private final String pbkdf2Algorithm;
    private final int length;

    ScramHash(String hashName, String mechanismName, String macAlgorithm, String pbkdf2Algorithm, int length) {
        this.hashName = hashName;
        this.mechanismName = mechanismName;
        this.macAlgorithm = macAlgorithm;
        this.pbkdf2Algorithm = pbkdf2Algorithm;
        this.length = length;
    }

    /** The name the {@code AuthRepository} knows the verifiers by: "SHA-1" or "SHA-256". */
    String hashName() {
        return hashName;
    }

    /** The SASL mechanism name: "SCRAM-SHA-1" or "SCRAM-SHA-256". */
    String mechanismName() {
        return mechanismName;
    }

    /** Output length of H and HMAC, in bytes. */
    int length() {
        return length;
    }

    static ScramHash byHashName(String name) {
        String n = name == null ? "" : name.toUpperCase(Locale.ROOT);
        for (ScramHash h : values()) {
            if (h.hashName.equals(n)) {
                return h;
            }
        }
        throw new IllegalArgumentException("unsupported SCRAM hash: " + name);
    }

    static ScramHash byMechanismName(String name) {
        String n = name == null ? "" : name.toUpperCase(Locale.ROOT);
        for (ScramHash h : values()) {
            if (h.mechanismName.equals(n)) {
                return h;
            }
        }
        throw new IllegalArgumentException("unsupported SCRAM mechanism: " + name);
    }

    byte[] hash(byte[] data) {
        try {
            return MessageDigest.getInstance(hashName).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(hashName + " missing from the JDK", e);
        }
    }

    byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(macAlgorithm);
            // SecretKeySpec refuses an empty key, which HMAC itself allows; a key of one zero byte is
            // equivalent under HMAC's zero padding, so use it rather than fail.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, macAlgorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(macAlgorithm + " unusable", e);
        }
    }

    /** Hi(password, salt, i) of RFC 5802: PBKDF2 with this hash's HMAC, one block long. */
    byte[] hi(String password, byte[] salt, int iterations) {
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, length * 8);
        try {
            // The SunJCE PBKDF2 encodes the password characters as UTF-8, as SCRAM requires.
            return SecretKeyFactory.getInstance(pbkdf2Algorithm).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(pbkdf2Algorithm + " unusable", e);
        } finally {
            spec.clearPassword();
            java.util.Arrays.fill(chars, '\0');
        }
    }
}
