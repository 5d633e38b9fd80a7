package net.bluemind.xmpp.server.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Values as long as the protocol lets them be, for storage tests: random characters of one to four bytes
 * in UTF-8, so that neither a database's compression (PostgreSQL compresses a long index entry before
 * measuring it) nor a character count hides a byte limit.
 */
public final class LongValues {

    private static final int[] FIRSTS = {'a', 0x00E0, 0x4E00, 0x1F600}; // Latin, Latin-1 accents, CJK, emoji
    private static final int[] SPANS = {26, 0x60, 0x5000, 0x40};

    private LongValues() {
    }

    /** Exactly {@code bytes} bytes in UTF-8, random but the same for the same seed; letters only at the edges. */
    public static String utf8(int bytes, long seed) {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder();
        int left = bytes;
        while (left > 0) {
            int width = 1 + random.nextInt(Math.min(4, left));
            int kind = width - 1;
            sb.appendCodePoint(FIRSTS[kind] + random.nextInt(SPANS[kind]));
            left -= width;
        }
        String s = sb.toString();
        if (s.getBytes(StandardCharsets.UTF_8).length != bytes) {
            throw new IllegalStateException("not " + bytes + " bytes");
        }
        return s;
    }

    /** A bare JID of {@code localBytes} + 1 + {@code domainBytes} bytes (domain labels of letters and dots). */
    public static String bareJid(int localBytes, int domainBytes, long seed) {
        return utf8(localBytes, seed).replace('@', 'a') + "@" + domain(domainBytes, seed);
    }

    /** A domain of exactly {@code bytes} ASCII bytes: labels of at most 63 letters (RFC 1035) ending in ".test". */
    public static String domain(int bytes, long seed) {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder();
        int body = bytes - ".test".length();
        while (sb.length() < body) {
            if (sb.length() > 0 && sb.length() % 64 == 63 && sb.length() < body - 1) {
                sb.append('.');
            } else {
                sb.append((char) ('a' + random.nextInt(26)));
            }
        }
        return sb + ".test";
    }
}
