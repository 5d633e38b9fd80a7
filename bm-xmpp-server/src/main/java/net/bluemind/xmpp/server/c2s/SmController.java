package net.bluemind.xmpp.server.c2s;

import java.security.SecureRandom;
import java.util.Base64;

import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.InboundReceipts;
import net.bluemind.xmpp.server.sm.StreamManagement;
import net.bluemind.xmpp.server.stream.StreamErrorCondition;
import net.bluemind.xmpp.server.stream.StreamErrorException;
import net.bluemind.xmpp.xml.Element;

/**
 * The XEP-0198 protocol on one connection: enable, acknowledgement requests and answers, counting.
 * Resumption (taking over a session) is the connection's; the state that outlives it is
 * {@link StreamManagement}.
 */
final class SmController {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final C2SServices services;
    private StreamManagement sm;
    private boolean ackRequested;
    /**
     * When the client last asked for an acknowledgement that could not count everything it had sent (some
     * stanzas not handled yet): the receipts' received count then; -1 when nothing is owed. The rest is
     * sent unasked (XEP-0198 §4 allows an {@code <a/>} at any time) once those stanzas are handled.
     */
    private volatile long ackOwedAt = -1;

    SmController(C2SServices services) {
        this.services = services;
    }

    StreamManagement state() {
        return sm;
    }

    void adopt(StreamManagement resumed) {
        this.sm = resumed;
        this.ackRequested = false;
        this.ackOwedAt = -1;
    }

    /** Answers {@code <enable/>} on a bound stream; {@code receipts} count the client's stanzas from now on. */
    Element enable(Element enable, ClientSession session, InboundReceipts receipts) {
        if (sm != null) {
            return StreamManagement.failed("unexpected-request");
        }
        boolean resume = "true".equals(enable.attribute("resume")) || "1".equals(enable.attribute("resume"));
        int max = services.smResumeSeconds();
        String requested = enable.attribute("max");
        if (requested != null) {
            try {
                max = Math.max(1, Math.min(max, Integer.parseInt(requested.trim())));
            } catch (NumberFormatException ignored) {
                // keep the server's maximum
            }
        }
        byte[] id = new byte[18];
        RANDOM.nextBytes(id);
        sm = new StreamManagement(Base64.getUrlEncoder().withoutPadding().encodeToString(id), resume, max, receipts, session.held());
        if (resume) {
            services.resumable().register(session, sm);
        }
        return StreamManagement.enabled(sm.id(), resume, max);
    }

    /** Handles {@code <r/>} and {@code <a/>}; returns what to answer, or null. */
    String onAckElement(Element e) {
        if (sm == null) {
            throw new StreamErrorException(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "stream management is not enabled");
        }
        if ("r".equals(e.name())) {
            // Answered at once, with what is durable now; the rest follows when it is.
            InboundReceipts receipts = sm.receipts();
            long received = receipts.received();
            long handled = receipts.handled();
            ackOwedAt = handled < received ? received : -1;
            return ack(handled);
        }
        ackRequested = false;
        long h;
        try {
            h = Long.parseLong(e.attribute("h"));
        } catch (NumberFormatException | NullPointerException ex) {
            throw new StreamErrorException(StreamErrorCondition.UNDEFINED_CONDITION, "an <a/> needs a numeric h");
        }
        if (!sm.acknowledge(h)) {
            throw new StreamErrorException(StreamErrorCondition.UNDEFINED_CONDITION, "acknowledged more stanzas than were sent");
        }
        return null;
    }

    /**
     * More of the client's stanzas are handled ({@code handledTotal} in all); the {@code <a/>} owed since an
     * earlier request, once it can count everything that request covered, else null. On the event loop.
     */
    String owedAck(long handledTotal) {
        long owed = ackOwedAt;
        if (sm == null || owed < 0 || handledTotal < owed) {
            return null;
        }
        ackOwedAt = -1;
        return ack(handledTotal);
    }

    /** Whether an acknowledgement is owed (cheap, any thread: most handled stanzas owe nothing). */
    boolean ackOwed() {
        return ackOwedAt >= 0;
    }

    private String ack(long handledTotal) {
        return "<a xmlns='" + StreamManagement.NS + "' h='" + sm.toH(handledTotal) + "'/>";
    }

    /** A stanza was written to the client: true when stream management keeps it until acknowledged. */
    boolean written(Element stanza) {
        if (sm != null) {
            sm.stanzaSent(stanza);
            return true;
        }
        return false;
    }

    /** After a flush: ask the client to acknowledge what it was sent, once per outstanding request. */
    String ackRequestIfNeeded() {
        if (sm == null || ackRequested || sm.unackedCount() == 0) {
            return null;
        }
        ackRequested = true;
        return "<r xmlns='" + StreamManagement.NS + "'/>";
    }
}
