package net.bluemind.xmpp.server.sm;

import net.bluemind.xmpp.server.session.StanzaSink;
import net.bluemind.xmpp.server.stream.StreamErrorCondition;
import net.bluemind.xmpp.xml.Element;

/**
 * Where a session's stanzas wait while its connection is gone and the client may resume: they join
 * the unacknowledged ones, all sent when the stream is resumed, or stored elsewhere when it is not.
 */
public final class DetachedSink implements StanzaSink {

    private final StreamManagement sm;
    private final Runnable endNow;

    /** @param endNow ends the waiting session at once (a stream error is no longer deliverable) */
    public DetachedSink(StreamManagement sm, Runnable endNow) {
        this.sm = sm;
        this.endNow = endNow;
    }

    @Override
    public void deliver(Element stanza) {
        if (!sm.deliverDetached(stanza)) {
            // What waits for the client passed the session's limit: end it now, its stanzas go to offline storage.
            endNow.run();
        }
    }

    @Override
    public void closeWithError(StreamErrorCondition condition, String text) {
        endNow.run();
    }
}
