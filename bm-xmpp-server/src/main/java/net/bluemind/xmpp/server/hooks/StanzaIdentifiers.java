package net.bluemind.xmpp.server.hooks;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * The ids messages are given when they are routed (XEP-0359 stanza ids, the archive's ids): UUIDs of version 7,
 * time-ordered (so an archive keeps them in order) with 74 random bits (so nobody guesses another's).
 */
public final class StanzaIdentifiers {

    /**
     * One DRBG per thread: unpredictable like any SecureRandom, but computed in memory, where the
     * default NativePRNG reads /dev/urandom under a lock for every id (measured: 5% of the message path).
     */
    private static final ThreadLocal<RandomBits> RANDOM = ThreadLocal.withInitial(RandomBits::new);

    /** Random bits drawn from the DRBG a block at a time: one generator call serves many ids. */
    private static final class RandomBits {
        private final SecureRandom random = newRandom();
        private final java.nio.ByteBuffer block = java.nio.ByteBuffer.allocate(240).position(240);

        long nextLong() {
            if (block.remaining() < Long.BYTES) {
                random.nextBytes(block.array());
                block.clear();
            }
            return block.getLong();
        }
    }

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    private StanzaIdentifiers() {
    }

    /** A version 7 UUID (RFC 9562): 48 bits of Unix milliseconds, then random bits. */
    public static String next() {
        RandomBits r = RANDOM.get();
        long high = (System.currentTimeMillis() << 16) | 0x7000L | (r.nextLong() & 0x0FFFL);
        long low = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
