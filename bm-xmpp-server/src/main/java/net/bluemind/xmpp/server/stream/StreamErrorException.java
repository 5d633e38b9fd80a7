package net.bluemind.xmpp.server.stream;

import net.bluemind.xmpp.xml.XmlChars;

/**
 * Something the peer did that ends its stream with a stream error. Thrown where the fault is found,
 * turned into {@code <stream:error/>} by the connection. An expected condition, so no stack trace.
 */
public final class StreamErrorException extends RuntimeException {

    /** The longest text sent; texts quote a peer's input in places, so every one is cut short and cleaned. */
    static final int TEXT_LIMIT = 200;

    private final StreamErrorCondition condition;

    public StreamErrorException(StreamErrorCondition condition, String text) {
        super(text == null ? null : XmlChars.quote(text, TEXT_LIMIT), null, false, false);
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
