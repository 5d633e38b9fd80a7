package net.bluemind.xmpp.server.sasl;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;

import net.bluemind.xmpp.spi.ScramCredentials;

/**
 * Computes the SCRAM verifiers of a password (RFC 5802 §3), for repositories that know passwords (the
 * local account file) and must answer {@code scramCredentials}.
 *
 * <p>Limitation: RFC 5802 wants the password SASLprep'ed (RFC 4013) before hashing. The JDK has no
 * SASLprep, so the password is used as given. That is exact for ASCII passwords (SASLprep leaves them
 * alone, bar control characters that no client would send); a non-ASCII password whose client normalises
 * it differently (e.g. NFKC of a compatibility character, or a non-ASCII space mapped to U+0020) will not
 * match, and such users must fall back to PLAIN.
 */
public final class ScramCredentialsFactory {

    /** Iteration count for new verifiers: RFC 7677's minimum; also the count shown for unknown users. */
    public static final int DEFAULT_ITERATIONS = 4096;

    /** Salt length for new verifiers, in bytes. */
    public static final int DEFAULT_SALT_LENGTH = 16;

    private static final byte[] CLIENT_KEY = "Client Key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_KEY = "Server Key".getBytes(StandardCharsets.US_ASCII);

    private ScramCredentialsFactory() {
    }

    /**
     * @param hashName   "SHA-1" or "SHA-256"
     * @param username   the account's canonical username, stored in the result
     * @param password   the clear-text password (see the class comment about SASLprep)
     * @param salt       non-empty salt
     * @param iterations PBKDF2 iteration count, at least 1
     */
    public static ScramCredentials derive(String hashName, String username, String password, byte[] salt, int iterations) {
        ScramHash hash = ScramHash.byHashName(hashName);
        Objects.requireNonNull(password, "password");
        if (salt == null || salt.length == 0) {
            throw new IllegalArgumentException("salt must not be empty");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive: " + iterations);
        }
        byte[] saltedPassword = hash.hi(password, salt, iterations);
        byte[] storedKey = hash.hash(hash.hmac(saltedPassword, CLIENT_KEY));
        byte[] serverKey = hash.hmac(saltedPassword, SERVER_KEY);
        return new ScramCredentials(username, salt.clone(), iterations, storedKey, serverKey);
    }

    /** As {@link #derive}, with a fresh random salt and {@link #DEFAULT_ITERATIONS}. */
    public static ScramCredentials derive(String hashName, String username, String password, SecureRandom random) {
        byte[] salt = new byte[DEFAULT_SALT_LENGTH];
        random.nextBytes(salt);
        return derive(hashName, username, password, salt, DEFAULT_ITERATIONS);
    }
}
