package net.bluemind.xmpp.bench;

/**
 * What a scenario hears from its connections. All callbacks run on the connection's event loop.
 *
 * <p>
 * Each connection reports exactly one of {@link #onOnline} or {@link #onLoginFailed}; after being online it may
 * report {@link #onLost} once when the connection ends without the benchmark asking for it.
 */
interface ConnectionListener {

    void onOnline(XmppClientConnection connection);

    void onLoginFailed(XmppClientConnection connection, LoginFailure failure);

    /** A non-error message stanza arrived while online; {@code nowNanos} is System.nanoTime() at parse time. */
    default void onMessage(XmppClientConnection connection, XmlElement message, long nowNanos) {
    }

    /** A non-error presence stanza arrived while online; {@code nowNanos} is System.nanoTime() at parse time. */
    default void onPresence(XmppClientConnection connection, XmlElement presence, long nowNanos) {
    }

    /** An iq of type 'result' arrived while online; {@code nowNanos} is System.nanoTime() at parse time. */
    default void onIqResult(XmppClientConnection connection, XmlElement iq, long nowNanos) {
    }

    /** A stanza of type 'error' (or a stream error) arrived while online. */
    default void onStanzaError(XmppClientConnection connection, XmlElement stanza) {
    }

    default void onLost(XmppClientConnection connection, String reason) {
    }

    /** The channel's outbound buffer crossed a water mark; senders pause while it is not writable. */
    default void onWritabilityChanged(XmppClientConnection connection, boolean writable) {
    }
}
