package net.bluemind.xmpp.server.stream;

/**
 * Something the peer did that ends its stream with a stream error. Thrown where the fault is found,
 * turned into {@code <stream:error/>} by the connection. An expected condition, so no stack trace.
 */
public final class StreamErrorException extends RuntimeException {

    private final StreamErrorCondition condition;

    public StreamErrorException(StreamErrorCondition condition, String text) {
        super(text, null, false, false);
        this.condition = condition;
    }

    public StreamErrorCondition condition() {
        return condition;
    }

    /** The human-readable text sent with the error (never secret), may be null. */
    public String text() {
        return getMessage();
    }
}
