package net.bluemind.xmpp.bench;

/** How the client secures the connection. */
enum TlsMode {
    /** Plain TCP all the way; only for debugging and tests, real servers require TLS before SASL PLAIN. */
    NONE("none", 5222),
    /** RFC 6120 STARTTLS on the usual client port. */
    STARTTLS("starttls", 5222),
    /** TLS from the first byte (XEP-0368 "direct TLS"). */
    DIRECT("direct", 5223);

    final String label;
    final int defaultPort;

    TlsMode(String label, int defaultPort) {
        this.label = label;
        this.defaultPort = defaultPort;
    }

    static TlsMode fromLabel(String label) {
        for (TlsMode m : values()) {
            if (m.label.equals(label)) {
                return m;
            }
        }
        return null;
    }
}
