package net.bluemind.xmpp.server.c2s;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.sm.StreamManagement;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;

/**
 * A session's end, whichever way it comes (disconnect, stream error, resumption timeout): the resource
 * leaves, its presence goes unavailable, and messages it was sent but never acknowledged go to the
 * user's other resources or the offline store — nothing is lost.
 */
final class SessionEnd {

    private static final Logger log = LoggerFactory.getLogger(SessionEnd.class);

    private SessionEnd() {
    }

    static void finish(C2SServices services, ClientSession session, StreamManagement sm, List<Element> unwritten) {
        if (services.sessions().unbind(session)) {
            services.presences().resourceGone(session);
        }
        List<Element> pending = sm == null ? unwritten : all(sm, unwritten);
        if (sm != null) {
            services.resumable().remove(sm);
        }
        // What it held goes elsewhere now (other resources, offline storage): its bytes go back to the budget.
        session.held().close();
        int redelivered = 0;
        for (Element e : pending) {
            if ("message".equals(e.name()) && Namespaces.CLIENT.equals(e.namespace())) {
                services.messages().redeliver(session.bareJid(), e);
                redelivered++;
            }
        }
        if (redelivered > 0) {
            log.info("{}: {} unacknowledged message(s) sent on to other resources or offline storage", session.fullJid(), redelivered);
        }
    }

    private static List<Element> all(StreamManagement sm, List<Element> unwritten) {
        sm.detach(unwritten);
        return sm.takeAll();
    }
}
