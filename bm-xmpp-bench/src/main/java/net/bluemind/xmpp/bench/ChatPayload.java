package net.bluemind.xmpp.bench;

/**
 * The body of benchmark messages: {@code bm:<System.nanoTime() at send>} plus optional padding.
 *
 * <p>
 * Sender and receiver live in the same JVM, so the monotonic clock can be compared directly and the latency is the
 * full path generator → server → generator. Only ASCII letters, digits and ':' are used so no escaping is needed.
 */
final class ChatPayload {

    private static final String PREFIX = "bm:";
    private static final int MAX_CACHED_PADDING = 4096;
    private static final String PADDING_SOURCE = ":" + "x".repeat(MAX_CACHED_PADDING);

    private ChatPayload() {
    }

    static String encode(long sendNanos, int paddingBytes) {
        if (paddingBytes <= 0) {
            return PREFIX + sendNanos;
        }
        String pad = paddingBytes <= MAX_CACHED_PADDING ? PADDING_SOURCE.substring(0, paddingBytes + 1)
                : ":" + "x".repeat(paddingBytes);
        return PREFIX + sendNanos + pad;
    }

    /**
     * The send time followed by words: {@code bm:<nanos>: <text>}. The text must need no XML escaping; the space
     * keeps the first word a word of its own for full-text search.
     */
    static String encode(long sendNanos, String text) {
        return PREFIX + sendNanos + ": " + text;
    }

    /** The send timestamp carried by a body, or {@link Long#MIN_VALUE} when the body is not one of ours. */
    static long decode(String body) {
        if (body == null || !body.startsWith(PREFIX)) {
            return Long.MIN_VALUE;
        }
        int end = body.indexOf(':', PREFIX.length());
        if (end < 0) {
            end = body.length();
        }
        try {
            return Long.parseLong(body, PREFIX.length(), end, 10);
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }
}
