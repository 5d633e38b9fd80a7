package net.bluemind.xmpp.server.c2s;

import java.security.SecureRandom;
import java.util.Base64;

import net.bluemind.xmpp.server.session.ClientSession;
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

    SmController(C2SServices services) {
        this.services = services;
    }

    StreamManagement state() {
        return sm;
    }

    void adopt(StreamManagement resumed) {
        this.sm = resumed;
        this.ackRequested = false;
    }

    /** Answers {@code <enable/>} on a bound stream. */
    Element enable(Element enable, ClientSession session) {
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
        sm = new StreamManagement(Base64.getUrlEncoder().withoutPadding().encodeToString(id), resume, max);
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
            return "<a xmlns='" + StreamManagement.NS + "' h='" + sm.handled() + "'/>";
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

    void stanzaReceived() {
        if (sm != null) {
            sm.stanzaReceived();
        }
    }

    void written(Element stanza) {
        if (sm != null) {
            sm.stanzaSent(stanza);
        }
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
