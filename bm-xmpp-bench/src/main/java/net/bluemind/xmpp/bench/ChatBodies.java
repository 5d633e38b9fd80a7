package net.bluemind.xmpp.bench;

/**
 * What the message traffic puts in each body. The body must start with {@link ChatPayload}'s encoding (the receiver
 * reads the send time from it) and need no XML escaping.
 */
@FunctionalInterface
interface ChatBodies {

    /** The body of {@code sender}'s message number {@code seq} (1-based), sent at {@code nowNanos}. */
    String body(ChatSender sender, long seq, long nowNanos);

    /** The messages scenario's bodies: the send time plus {@code padding} filler bytes. */
    static ChatBodies timestamped(int padding) {
        return (sender, seq, nowNanos) -> ChatPayload.encode(nowNanos, padding);
    }
}
