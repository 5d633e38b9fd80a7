package net.bluemind.xmpp.bench;

/**
 * The messaging side of one connection in the messages scenario: who it talks to and how many of its messages are
 * on their way. Confined to the event loop shared by both partners of the pair, hence plain fields.
 */
final class ChatSender {

    final int index;
    final XmppClientConnection connection;
    final LoopTraffic traffic;
    /** Partner's bare JID, escaped once here rather than per message. */
    final String toEscaped;
    ChatSender partner;
    /** Messages sent by this connection not yet seen arriving at the partner. */
    int inFlight;
    /** How many messages this connection may send in all (unlimited unless a scenario sends a fixed total). */
    long limit = Long.MAX_VALUE;
    /** Messages from the partner that arrived here. */
    long received;
    boolean flushPending;
    private long seq;

    ChatSender(int index, XmppClientConnection connection, LoopTraffic traffic, String partnerBareJid) {
        this.index = index;
        this.connection = connection;
        this.traffic = traffic;
        this.toEscaped = ClientStanzas.escape(partnerBareJid);
    }

    boolean canSend() {
        return connection.isOnline() && connection.isWritable();
    }

    boolean hasQuota() {
        return seq < limit;
    }

    /** Messages sent so far. */
    long sent() {
        return seq;
    }

    /** Queues one message stamped with {@code nowNanos}; the caller flushes. */
    void send(long nowNanos, ChatBodies bodies) {
        long n = ++seq;
        connection.write(ClientStanzas.chat(toEscaped, n, bodies.body(this, n, nowNanos)));
        inFlight++;
    }
}
